/** Browser tests of the web application: the demo console and events-client.js in headless Chromium. */
package dev.eventsgateway.webapp;
