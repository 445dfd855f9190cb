package dev.eventsgateway.system;

import dev.eventsgateway.platform.control.Background;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Plays the container's managed executor for the embedded target: background work runs on its daemon threads. */
@ApplicationScoped
public class EmbeddedBackground {

    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "embedded-managed-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    @Produces
    @Background
    Executor background() {
        return executor;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
