package dev.eventsgateway.messaging.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thousands of malformed frames from many clients while others chat: every bad frame gets its prescribed error, the
 * senders stay connected, and the chatting clients lose no message.
 */
@ExtendWith(GatewayExtension.class)
class MalformedFrameStormIT {

    private static final int NOISY = 30;
    private static final int FRAMES_EACH = 100;
    private static final int CHATTERS = 4;
    private static final int MESSAGES_EACH = 50;
    /** Below the test gateway's 20 frames a second, so that every reply is the frame's own error. */
    private static final long PACE_MS = 70;

    /** A malformed frame (with {@code %d} for its id) and the error code docs/protocol.md prescribes for it. */
    private record Bad(String template, String code) {
    }

    private static final List<Bad> BAD = List.of(
            new Bad("{\"event\":\"join\",\"id\":%d,\"data\":{\"room\":5}}", "BAD_REQUEST"),
            new Bad("{\"event\":\"message\",\"id\":%d,\"data\":{\"content\":\"\"}}", "BAD_REQUEST"),
            new Bad("{\"event\":\"message\",\"id\":%d,\"data\":{\"content\":\"   \"}}", "BAD_REQUEST"),
            new Bad("{\"event\":\"message\",\"id\":%d}", "BAD_REQUEST"),
            new Bad("{\"event\":\"message\",\"id\":%d,\"data\":[\"content\"]}", "BAD_REQUEST"),
            new Bad("{\"event\":\"message\",\"id\":%d,\"data\":{\"content\":\"" + "y".repeat(1001) + "\"}}",
                    "MESSAGE_TOO_LONG"),
            new Bad("{\"event\":\"message\",\"id\":%d,\"data\":{\"content\":\"frobnicate\"}}", "CONTENT_REJECTED"),
            new Bad("{\"event\":\"message\",\"id\":%d,\"data\":{\"content\":\"hi\",\"room\":\"noisy-room\"}}",
                    "NOT_IN_ROOM"),
            new Bad("{\"event\":\"join\",\"id\":%d,\"data\":{\"room\":\"no spaces\"}}", "INVALID_ROOM"),
            new Bad("{\"event\":\"join\",\"id\":%d,\"data\":{\"room\":\"" + "r".repeat(65) + "\"}}", "INVALID_ROOM"),
            new Bad("{\"event\":\"join\",\"id\":%d,\"data\":{\"room\":\"ops:secret\"}}", "FORBIDDEN"),
            new Bad("{\"event\":\"shout\",\"id\":%d}", "UNKNOWN_EVENT"),
            new Bad("{\"event\":5,\"id\":%d}", "BAD_REQUEST"),
            new Bad("{\"id\":%d,\"data\":{}}", "BAD_REQUEST"),
            new Bad("{\"event\":\"leave\",\"id\":%d,\"data\":null}", "BAD_REQUEST"),
            new Bad("{\"event\":\"ping\",\"id\":%d,\"data\":" + "[".repeat(3000) + "]".repeat(3000) + "}", "BAD_REQUEST"),
            new Bad("not json at all %d", "BAD_REQUEST"),
            new Bad("{\"event\":\"message\",\"id\":%d,\"data\":{\"content\":\"unterminated", "BAD_REQUEST"),
            new Bad("[\"event\",%d]", "BAD_REQUEST"),
            new Bad("{\"event\":\"join\",\"id\":1.5,\"n\":%d}", "BAD_REQUEST"));

    @Test
    void chattingClientsLoseNothingWhileOthersSendThousandsOfMalformedFrames(Gateway gateway) throws Exception {
        ScheduledExecutorService pacer = Executors.newScheduledThreadPool(4);
        List<TestClient> clients = new ArrayList<>();
        try {
            List<TestClient> chatters = new ArrayList<>();
            for (int c = 0; c < CHATTERS; c++) {
                TestClient chatter = gateway.connected(Tokens.forUser("chatter-" + c).rooms("storm-chat"));
                assertTrue(chatter.join("storm-chat").getBoolean("success"));
                chatters.add(chatter);
            }
            clients.addAll(chatters);
            List<TestClient> noisy = new ArrayList<>();
            for (int n = 0; n < NOISY; n++) {
                TestClient client = gateway.connected(Tokens.forUser("noisy-" + n).rooms("noisy-*"));
                noisy.add(client);
            }
            clients.addAll(noisy);
            chatters.forEach(TestClient::clear);

            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int n = 0; n < NOISY; n++) {
                senders.add(paced(pacer, FRAMES_EACH, noisy.get(n), (client, i) ->
                        client.send(String.format(BAD.get(i % BAD.size()).template(), i))));
            }
            for (int c = 0; c < CHATTERS; c++) {
                int chatter = c;
                senders.add(paced(pacer, MESSAGES_EACH, chatters.get(c), (client, i) -> client.send(
                        "{\"event\":\"message\",\"data\":{\"room\":\"storm-chat\",\"content\":\"" + chatter + "/" + i
                                + "\"}}")));
            }
            CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            for (TestClient client : noisy) {
                for (int i = 0; i < FRAMES_EACH; i++) {
                    Bad bad = BAD.get(i % BAD.size());
                    JsonObject reply = client.nextFrame(TestClient.WAIT);
                    assertEquals(bad.code(), code(reply), () -> "answer to " + bad.template() + ": " + reply);
                }
                assertTrue(client.call("ping", null).getBoolean("success"), "the noisy client is still connected");
            }
            for (TestClient chatter : chatters) {
                Set<String> received = new HashSet<>();
                for (int m = 0; m < CHATTERS * MESSAGES_EACH; m++) {
                    received.add(chatter.next("message").getJsonObject("data").getString("content"));
                }
                assertEquals(CHATTERS * MESSAGES_EACH, received.size(), "every chat message, each once");
                assertTrue(chatter.call("ping", null).getBoolean("success"));
            }
            System.out.printf("malformed storm: %d bad frames from %d clients answered; %d chat messages reached all %d"
                    + " chatters%n", NOISY * FRAMES_EACH, NOISY, CHATTERS * MESSAGES_EACH, CHATTERS);
        } finally {
            pacer.shutdownNow();
            clients.forEach(TestClient::close);
        }
    }

    /** The error code of an error frame or of a failed ack; the id of a frame that had a readable one is checked. */
    private static String code(JsonObject reply) {
        JsonObject data = reply.getJsonObject("data");
        if ("ack".equals(reply.getString("event"))) {
            assertTrue(!data.getBoolean("success"), "a failed ack: " + reply);
        } else {
            assertEquals("error", reply.getString("event"), "an error frame: " + reply);
        }
        return data.getString("code");
    }

    private interface Send {
        void send(TestClient client, int index);
    }

    /** Sends {@code count} frames at the pace, one every {@link #PACE_MS}; completes after the last. */
    private static CompletableFuture<Void> paced(ScheduledExecutorService pacer, int count, TestClient client, Send send) {
        var done = new CompletableFuture<Void>();
        int[] next = {0};
        var task = pacer.scheduleAtFixedRate(() -> {
            try {
                if (next[0] < count) {
                    send.send(client, next[0]++);
                }
                if (next[0] >= count) {
                    done.complete(null);
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, new Random().nextInt((int) PACE_MS), PACE_MS, TimeUnit.MILLISECONDS);
        done.whenComplete((ok, failure) -> task.cancel(false));
        return done;
    }
}
