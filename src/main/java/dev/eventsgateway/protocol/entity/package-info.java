/** The wire protocol as types, shared by every feature and depending on none: envelopes, outbound events, error and close codes, and their JSON form. */
package dev.eventsgateway.protocol.entity;
