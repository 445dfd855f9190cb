package dev.eventsgateway.delivery.control;

import io.lettuce.core.SetArgs;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Node-directed requests over Redis pub/sub: a request goes to one channel every node follows, each node answers on
 * the asker's own reply channel, and the asker waits for the nodes that were live (their liveness key exists) when it
 * asked. Pub/sub rather than keys or streams because the answers are read once, by one node, within seconds: nothing
 * needs to be kept or cleaned up, and a node that is not listening is told apart by its missing answer. Messages are
 * {@code ask.v1|<request id>|<asking node>|<request>} and {@code answer.v1|<request id>|<answering node>|<answer>};
 * a node ignores kinds it does not know, so that a newer kind can be introduced node by node.
 */
final class RedisNodeRequests implements NodeRequests {

    private static final Logger LOG = System.getLogger(RedisNodeRequests.class.getName());
    private static final String ASK = "ask.v1";
    private static final String ANSWER = "answer.v1";

    private final RedisBroker broker;
    private final String node;
    private final Executor background;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile Function<String, String> responder;

    RedisNodeRequests(RedisBroker broker, String node, Executor background) {
        this.broker = broker;
        this.node = node;
        this.background = background;
    }

    /** The channels this node follows for requests and for the answers to its own. */
    String[] channels() {
        return new String[] {RedisChannels.OPS_REQUESTS, RedisChannels.opsReplies(node)};
    }

    boolean carries(String channel) {
        return RedisChannels.OPS_REQUESTS.equals(channel) || RedisChannels.opsReplies(node).equals(channel);
    }

    /** A message on one of {@link #channels()}, on the Redis event loop: answered or collected off it. */
    void arrived(String channel, String message) {
        background.execute(() -> handle(channel, message));
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public NodeReplies ask(String request, Duration timeout) {
        if (!broker.isAvailable()) {
            throw broker.unavailable("asking the nodes", null);
        }
        Set<String> expected = new HashSet<>(broker.liveNodes());
        expected.add(node);
        String id = NodeId.random();
        Pending collecting = new Pending(expected);
        pending.put(id, collecting);
        try {
            broker.await(broker.commands().publish(RedisChannels.OPS_REQUESTS,
                    String.join("|", ASK, id, node, request)), "asking the nodes");
            return collecting.await(timeout);
        } finally {
            pending.remove(id);
        }
    }

    @Override
    public void answerWith(Function<String, String> responder) {
        this.responder = responder;
    }

    @Override
    public boolean claim(String lease, Duration period) {
        String set = broker.await(broker.commands().set(RedisChannels.lease(lease), node,
                SetArgs.Builder.nx().px(period.toMillis())), "claiming a lease");
        return "OK".equals(set);
    }

    private void handle(String channel, String message) {
        String[] parts = message.split("\\|", 4);
        if (parts.length < 4) {
            LOG.log(Level.DEBUG, "ignoring a malformed message on {0}", channel);
            return;
        }
        if (RedisChannels.OPS_REQUESTS.equals(channel) && ASK.equals(parts[0])) {
            answer(parts[1], parts[2], parts[3]);
        } else if (ANSWER.equals(parts[0])) {
            Pending waiting = pending.get(parts[1]);
            if (waiting != null) {
                waiting.answered(parts[2], parts[3]);
            }
        } else {
            LOG.log(Level.DEBUG, "ignoring a message of kind {0} on {1}", parts[0], channel);
        }
    }

    private void answer(String id, String asker, String request) {
        Function<String, String> answering = responder;
        if (answering == null) {
            LOG.log(Level.DEBUG, "node {0} is not answering requests yet", node);
            return;
        }
        String answer;
        try {
            answer = answering.apply(request);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "node " + node + " could not answer a request of node " + asker, e);
            return;
        }
        try {
            broker.commands().publish(RedisChannels.opsReplies(asker), String.join("|", ANSWER, id, node,
                    answer)).exceptionally(failure -> {
                        LOG.log(Level.WARNING, "node {0} could not answer node {1}: {2}", node, asker,
                                failure.toString());
                        return null;
                    });
        } catch (DeliveryUnavailableException e) {
            LOG.log(Level.WARNING, "node {0} could not answer node {1}: {2}", node, asker, e.getMessage());
        }
    }

    /** The answers to one request so far; done once every expected node answered. */
    private static final class Pending {
        private final Set<String> expected;
        private final Map<String, String> answers = new ConcurrentHashMap<>();
        private final CompletableFuture<Void> complete = new CompletableFuture<>();

        Pending(Set<String> expected) {
            this.expected = Set.copyOf(expected);
        }

        void answered(String node, String answer) {
            answers.put(node, answer);
            if (answers.keySet().containsAll(expected)) {
                complete.complete(null);
            }
        }

        NodeReplies await(Duration timeout) {
            try {
                complete.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // Answered with what arrived: the replies name the nodes that did not answer.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
            return new NodeReplies(Map.copyOf(answers), expected);
        }
    }
}
