package dev.eventsgateway.delivery.control;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a Redis reply within the timeout, turning every failure into a {@link DeliveryUnavailableException}. */
final class RedisCall {

    static final long RETRY_AFTER_MS = 1_000;

    private final Duration timeout;
    private final String address;

    RedisCall(Duration timeout, String address) {
        this.timeout = timeout;
        this.address = address;
    }

    <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what, e);
        } catch (ExecutionException e) {
            throw unavailable(what, e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(what, e);
        }
    }

    DeliveryUnavailableException unavailable(String what, Throwable cause) {
        return new DeliveryUnavailableException(what + " failed: Redis at " + address + " is unavailable",
                RETRY_AFTER_MS, cause);
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.toString();
    }
}
