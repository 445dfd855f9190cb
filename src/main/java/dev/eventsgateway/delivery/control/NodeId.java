package dev.eventsgateway.delivery.control;

import java.security.SecureRandom;
import java.util.Base64;

/** Names a node of the cluster for one deployment: random, so that a restarted node is a new one. */
final class NodeId {

    private static final SecureRandom RANDOM = new SecureRandom();

    private NodeId() {
    }

    static String random() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
