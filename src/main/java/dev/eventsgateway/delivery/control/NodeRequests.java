package dev.eventsgateway.delivery.control;

import java.time.Duration;
import java.util.function.Function;

/**
 * The transport of cluster-wide operations: a request every live node answers from its own state, collected by the
 * node that asked, and a lease that one node of the cluster holds at a time; the requests and answers are text the
 * caller defines.
 */
public interface NodeRequests {

    /** Whether other nodes may exist: false for one node, where a caller should read its own state directly. */
    boolean clustered();

    /**
     * Sends the request to every live node, this one included, and returns the answers that arrived within the
     * timeout, with the nodes that were expected to answer.
     *
     * @throws DeliveryUnavailableException when the request could not be sent: no node received it
     */
    NodeReplies ask(String request, Duration timeout);

    /**
     * Answers every request from now on, on a managed thread, with what {@code responder} returns for it; a
     * responder that throws leaves the request unanswered, so that the asker counts this node as missing.
     */
    void answerWith(Function<String, String> responder);

    /**
     * Claims the named lease for {@code period}: true for at most one claim of the cluster within a period, always
     * true for one node.
     *
     * @throws DeliveryUnavailableException when the lease could not be claimed
     */
    boolean claim(String lease, Duration period);
}
