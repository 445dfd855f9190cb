/**
 * The load benchmark: fan-out (history on and off), connection, room, recovery and two-node cluster scenarios against
 * the packaged WAR on WildFly or Payara Micro, next to a bare baseline endpoint on the same server and a Node.js
 * reference server on the {@code ws} package ({@code src/test/node-reference}). Run with
 * {@code mvn -Pbenchmark verify}; see docs/benchmarks.md.
 */
package dev.eventsgateway.benchmark;
