/** JMH microbenchmarks of the fan-out hot path: decoding, encoding, room lookup and hand-off; run with -Pjmh. */
package dev.eventsgateway.benchmark.jmh;
