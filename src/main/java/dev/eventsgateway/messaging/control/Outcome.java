package dev.eventsgateway.messaging.control;

import dev.eventsgateway.protocol.entity.AckData;
import dev.eventsgateway.protocol.entity.Failure;
import java.util.List;

/** What a handler made of a request: the ack data for success, or the failure. */
public sealed interface Outcome {

    record Success(AckData data) implements Outcome {
    }

    record Failed(Failure failure) implements Outcome {
    }

    /** Success whose ack data ends with publication frames, embedded as they are. */
    record WithPublications(AckData data, List<String> publications) implements Outcome {
    }

    static Outcome success(AckData data) {
        return new Success(data);
    }

    static Outcome failed(Failure failure) {
        return new Failed(failure);
    }
}
