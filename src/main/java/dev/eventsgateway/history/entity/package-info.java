/** Positions in a room's history and what a recovery made of them. */
package dev.eventsgateway.history.entity;
