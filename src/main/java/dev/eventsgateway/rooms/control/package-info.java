/** Rooms, their members and fan-out to them: the push API for other beans. */
package dev.eventsgateway.rooms.control;
