package dev.eventsgateway.delivery.control;

/** A frame could not be published (the broker is unreachable); nobody received it, and the caller may retry. */
public class DeliveryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterMs;

    public DeliveryUnavailableException(String message, long retryAfterMs, Throwable cause) {
        super(message, cause);
        this.retryAfterMs = retryAfterMs;
    }

    /** How long the caller should wait before retrying. */
    public long retryAfterMs() {
        return retryAfterMs;
    }
}
