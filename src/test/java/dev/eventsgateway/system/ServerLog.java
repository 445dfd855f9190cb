package dev.eventsgateway.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What the gateway logged since {@link #capture}: the tail of a real server's log file, or, on the embedded target,
 * every record the test JVM's root java.util.logging logger publishes (where System.Logger goes by default).
 */
public final class ServerLog implements AutoCloseable {

    private final Path file;
    private final long offset;
    private final StringBuffer records = new StringBuffer();
    private final Handler handler;

    private ServerLog(Path file, long offset, Handler handler) {
        this.file = file;
        this.offset = offset;
        this.handler = handler;
    }

    public static ServerLog capture(Gateway gateway) {
        if (gateway.log().isPresent()) {
            Path file = gateway.log().get();
            try {
                return new ServerLog(file, Files.size(file), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        var formatter = new SimpleFormatter();
        var log = new ServerLog[1];
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    log[0].records.append(formatter.format(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log[0] = new ServerLog(null, 0, handler);
        Logger.getLogger("").addHandler(handler);
        return log[0];
    }

    /** Everything logged since the capture began. */
    public String text() {
        if (file == null) {
            return records.toString();
        }
        try {
            byte[] all = Files.readAllBytes(file);
            return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the log satisfies the condition, polling every 100 ms; returns the text that did. */
    public String await(Predicate<String> condition, Duration timeout) {
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        var satisfied = new CompletableFuture<String>();
        try {
            poller.scheduleWithFixedDelay(() -> {
                String text = text();
                if (condition.test(text)) {
                    satisfied.complete(text);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            return satisfied.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the log did not show what was expected within " + timeout + ":\n" + text());
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            poller.shutdownNow();
        }
    }

    @Override
    public void close() {
        if (handler != null) {
            Logger.getLogger("").removeHandler(handler);
        }
    }
}
