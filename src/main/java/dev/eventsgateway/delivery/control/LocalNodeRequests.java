package dev.eventsgateway.delivery.control;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** One node: a request is answered by this node alone, in the caller's thread, and every lease is this node's. */
public final class LocalNodeRequests implements NodeRequests {

    private static final String NODE = "local";

    private volatile Function<String, String> responder;

    @Override
    public boolean clustered() {
        return false;
    }

    @Override
    public NodeReplies ask(String request, Duration timeout) {
        Function<String, String> answering = responder;
        if (answering == null) {
            return new NodeReplies(Map.of(), Set.of(NODE));
        }
        return new NodeReplies(Map.of(NODE, answering.apply(request)), Set.of(NODE));
    }

    @Override
    public void answerWith(Function<String, String> responder) {
        this.responder = responder;
    }

    @Override
    public boolean claim(String lease, Duration period) {
        return true;
    }
}
