/** What makes a room name valid. */
package dev.eventsgateway.rooms.entity;
