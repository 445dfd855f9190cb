/** Room histories: the per-room order of publications, their positions, the publications held, and recovery. */
package dev.eventsgateway.history.control;
