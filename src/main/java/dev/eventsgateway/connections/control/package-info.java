/** One connection per session with its outbound queue and rate bucket, and the registry of all of them. */
package dev.eventsgateway.connections.control;
