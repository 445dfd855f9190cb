/** Connection housekeeping driven by the container: heartbeats, token expiry. */
package dev.eventsgateway.connections.boundary;
