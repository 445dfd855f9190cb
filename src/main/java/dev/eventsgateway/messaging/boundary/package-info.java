/** The WebSocket endpoint at /events and its frame decoder. */
package dev.eventsgateway.messaging.boundary;
