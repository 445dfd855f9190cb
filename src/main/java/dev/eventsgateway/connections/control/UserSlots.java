package dev.eventsgateway.connections.control;

/**
 * A user's connections counted across every node of a cluster, for {@code EVENTS_MAX_CONNECTIONS_PER_USER}; one node
 * alone counts them in its own limits and needs nothing more ({@link #LOCAL}).
 */
public interface UserSlots {

    /** For one node: its own count is the whole count. */
    UserSlots LOCAL = new UserSlots() {
        @Override
        public boolean tryAcquire(String userId, String connectionId, int maxPerUser) {
            return true;
        }

        @Override
        public void release(String userId, String connectionId) {
            // Nothing was taken.
        }
    };

    /**
     * Takes a slot for the user's new connection unless the user holds {@code maxPerUser} on all nodes together; a
     * count that cannot be read admits the connection.
     */
    boolean tryAcquire(String userId, String connectionId, int maxPerUser);

    /** Frees the slot of a connection that closed; never throws. */
    void release(String userId, String connectionId);
}
