/** The wire protocol as types: inbound envelopes, outbound events, error codes and their JSON form. */
package dev.eventsgateway.messaging.entity;
