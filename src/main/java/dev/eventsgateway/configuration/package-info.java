/** Reads settings from environment variables, each overridable by a system property of the same name. */
package dev.eventsgateway.configuration;
