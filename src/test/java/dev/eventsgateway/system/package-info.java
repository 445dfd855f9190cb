/** System-test harness: one switch ({@code -Devents.target}) runs the same tests on embedded Tyrus or a real server. */
package dev.eventsgateway.system;
