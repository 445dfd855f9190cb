/** The gateway's counters: a bottom package every feature may count in, depending only on the protocol types. */
package dev.eventsgateway.metrics.control;
