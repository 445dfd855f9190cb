/** What the container provides to the features: managed threads. */
package dev.eventsgateway.platform.control;
