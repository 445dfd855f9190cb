/** Settings of the scheduled pushes. */
package dev.eventsgateway.broadcast.control;
