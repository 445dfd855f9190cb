/** Handling of client frames: validation, rate limiting, one handler per envelope type. */
package dev.eventsgateway.messaging.control;
