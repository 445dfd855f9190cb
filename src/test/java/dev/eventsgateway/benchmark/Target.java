package dev.eventsgateway.benchmark;

import dev.eventsgateway.protocol.entity.Timestamps;
import dev.eventsgateway.system.Tokens;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What a scenario runs against: the gateway at {@code /events}, the bare baseline at {@code /baseline/bare/<room>}
 * on the same server, which relays frames already in the gateway's outbound form, or the Node.js reference at
 * {@code /events} of its own process, which speaks the gateway's protocol.
 */
enum Target {

    GATEWAY("gateway"),
    BARE("bare"),
    NODE("node");

    private final String label;

    Target(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The target named by {@code bench.target}: its label, or {@code baseline} for the bare baseline. */
    static Target named(String name) {
        for (Target target : values()) {
            if (target.label.equalsIgnoreCase(name)) {
                return target;
            }
        }
        if ("baseline".equalsIgnoreCase(name)) {
            return BARE;
        }
        throw new IllegalArgumentException("bench.target must name gateway, bare (or baseline) or node, not " + name);
    }

    /** The connection URI for this user, who will be in this room; the gateway and Node join rooms by frame instead. */
    URI uri(URI base, String secret, String user, String room, boolean publisher) {
        String authority = base.getAuthority();
        if (this != BARE) {
            String token = Tokens.forUser(user).signedWith(secret).expiresIn(java.time.Duration.ofHours(6)).sign();
            return URI.create("ws://" + authority + "/events?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        }
        return URI.create("ws://" + authority + "/baseline/bare/" + room + (publisher ? "?ack=1" : ""));
    }

    /** Whether a connection counts as open only on the gateway's {@code connected} frame. */
    boolean awaitsConnected() {
        return this != BARE;
    }

    /** Whether members join their room by frame (and get its ack) after connecting. */
    boolean joinsByFrame() {
        return this != BARE;
    }

    static String join(String room, int id) {
        return "{\"event\":\"join\",\"id\":" + id + ",\"data\":{\"room\":\"" + room + "\"}}";
    }

    /**
     * A chat message stamped with {@code nanos}: a client envelope for the gateway and Node (with an id when an ack
     * is wanted), or for the baseline the very frame the gateway would fan out.
     */
    String message(String sender, String room, long nanos, String padding, long id) {
        String content = "t=" + nanos + ";" + padding;
        if (this != BARE) {
            return "{\"event\":\"message\"" + (id >= 0 ? ",\"id\":" + id : "") + ",\"data\":{\"content\":\"" + content
                    + "\",\"room\":\"" + room + "\"}}";
        }
        return "{\"event\":\"message\",\"data\":{\"senderId\":\"" + sender + "\",\"content\":\"" + content
                + "\",\"room\":\"" + room + "\",\"timestamp\":\"" + Timestamps.iso(Instant.now()) + "\"}}";
    }
}
