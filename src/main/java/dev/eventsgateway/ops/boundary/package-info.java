/** Operations over HTTP: health probes, metrics and the server API. */
package dev.eventsgateway.ops.boundary;
