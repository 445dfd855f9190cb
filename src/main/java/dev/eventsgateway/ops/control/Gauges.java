package dev.eventsgateway.ops.control;

/**
 * The gauges of one scrape, read from the live registries.
 *
 * @param openConnections connections open (activated) on this server
 * @param users           users holding at least one connection slot
 * @param rooms           rooms with at least one member
 * @param memberships     room memberships, a connection counted once per room it is in
 * @param sendQueues      frames waiting to be sent
 * @param historyBytes    what the publications held in room histories count against the history memory bound
 */
record Gauges(int openConnections, int users, int rooms, int memberships, SendQueues sendQueues, long historyBytes) {
}
