/** JWT verification with pinned algorithms and the settings behind it. */
package dev.eventsgateway.auth.control;
