package dev.eventsgateway.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits until a started server answers a probe, failing when its process exits or the limit passes. */
final class StartupProbe {

    /** One attempt to reach the server; it throws while the server is not ready yet. */
    @FunctionalInterface
    interface Attempt {
        void run() throws Exception;
    }

    private StartupProbe() {
    }

    /** Retries {@code attempt} every {@code pause} until it succeeds; {@code what} and {@code log} name the server. */
    static void await(Process process, String what, Path log, Duration limit, Duration pause, Attempt attempt) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with " + process.exitValue() + ", see " + log);
            }
            try {
                attempt.run();
                return;
            } catch (Exception notYet) {
                try {
                    // Waiting on the process wakes at once if it exits.
                    process.waitFor(pause.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
        throw new IllegalStateException(what + " not ready within " + limit + ", see " + log);
    }
}
