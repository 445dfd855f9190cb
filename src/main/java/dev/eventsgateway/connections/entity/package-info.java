/** Close codes and other values that describe a connection. */
package dev.eventsgateway.connections.entity;
