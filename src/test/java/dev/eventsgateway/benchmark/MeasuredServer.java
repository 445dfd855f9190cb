package dev.eventsgateway.benchmark;

import java.net.URI;

/** A server process the benchmark measures: where to connect, whose /proc to read, and how to collect its garbage. */
interface MeasuredServer {

    /** The HTTP base, {@code http://127.0.0.1:<port>}. */
    URI base();

    /** The pid whose CPU and resident set are read from /proc. */
    long pid();

    /** Asks the process for a full garbage collection, so that a resident-set sample shows live memory; false if it cannot. */
    boolean collectGarbage();
}
