package dev.eventsgateway.rooms.control;

import java.util.function.IntSupplier;

/**
 * Runs a fan-out loop with the platform class loader as the thread's context class loader.
 *
 * <p>Measured on Payara Micro 6 (docs/benchmarks.md): Tyrus restarts a session's idle timer on every send by scheduling
 * on the managed scheduled executor, and capturing the thread context for it runs {@code ServiceLoader.load} for
 * {@code ThreadContextProvider} on the context class loader each time; under the web application's loader that scan
 * of every jar cost about 60 µs per recipient, 80 % of the server's CPU. The platform loader answers it at once; the
 * loop itself loads nothing, and other servers ignore the switch.
 */
final class FanOutContext {

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private FanOutContext() {
    }

    static int run(IntSupplier loop) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(PLATFORM);
        try {
            return loop.getAsInt();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
