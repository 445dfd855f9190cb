/** Operations: configuration wiring and the deployment report. */
package dev.eventsgateway.ops.control;
