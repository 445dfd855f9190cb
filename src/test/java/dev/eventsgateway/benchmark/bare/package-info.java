/** The baseline: a bare endpoint that only fans out the text it receives, deployed only by the benchmark. */
package dev.eventsgateway.benchmark.bare;
