/** Who is calling and which rooms they may use. */
package dev.eventsgateway.auth.entity;
