/** Scheduled pushes to rooms. */
package dev.eventsgateway.broadcast.boundary;
