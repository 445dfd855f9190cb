/** Operations over HTTP: health probes. */
package dev.eventsgateway.ops.boundary;
