package dev.eventsgateway.ops.control;

import dev.eventsgateway.connections.control.Connection;

/**
 * The frames waiting in the send queues of this server's connections, read at scrape time so that sending pays nothing.
 *
 * @param queuedFrames  frames queued across all connections
 * @param longestQueue the frames queued for the connection with the most
 */
record SendQueues(long queuedFrames, int longestQueue) {

    /** Each queue is read once; connections opening or closing meanwhile may or may not be included. */
    static SendQueues of(Iterable<Connection> connections) {
        long total = 0;
        int longest = 0;
        for (Connection connection : connections) {
            int queued = connection.queuedFrames();
            total += queued;
            longest = Math.max(longest, queued);
        }
        return new SendQueues(total, longest);
    }
}
