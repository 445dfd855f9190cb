package dev.eventsgateway.history.entity;

/** What a join with {@code since} made of the publications in between: recovered, or the reason they were not. */
public enum RecoveryOutcome {
    RECOVERED("recovered"),
    EPOCH_CHANGED("epoch_changed"),
    TOO_OLD("too_old"),
    TOO_MANY("too_many");

    private final String label;

    RecoveryOutcome(String label) {
        this.label = label;
    }

    /** The {@code reason} on the wire and the metric label. */
    public String label() {
        return label;
    }

    public boolean recovered() {
        return this == RECOVERED;
    }
}
