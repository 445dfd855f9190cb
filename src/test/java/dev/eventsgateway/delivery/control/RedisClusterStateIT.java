package dev.eventsgateway.delivery.control;

/** The cluster-wide state of {@link ClusterStateIT} on a Redis Cluster of three masters: every check holds there. */
class RedisClusterStateIT extends ClusterStateIT {

    @Override
    TwoNodes startNodes() {
        return TwoNodes.startOnRedisCluster("state");
    }
}
