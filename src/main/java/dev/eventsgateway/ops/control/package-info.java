/** Operations: configuration wiring, the deployment report and readiness. */
package dev.eventsgateway.ops.control;
