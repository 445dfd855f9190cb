package dev.eventsgateway.ops.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.history.entity.RecoveryOutcome;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import dev.eventsgateway.metrics.control.HandshakeResult;
import dev.eventsgateway.metrics.control.RedisMetrics;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.Failure;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsExpositionTest {

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final RedisMetrics redis = new RedisMetrics();

    private List<String> lines() {
        return render(Optional.empty());
    }

    private List<String> clusteredLines() {
        return render(Optional.of(redis));
    }

    private List<String> render(Optional<RedisMetrics> cluster) {
        return MetricsExposition.render(metrics, new Gauges(3, 2, 1, 4, new SendQueues(7, 5), 4096L), cluster)
                .lines().toList();
    }

    @Test
    void everySampleFollowsItsHelpAndTypeLines() {
        String family = null;
        String type = null;
        for (String line : clusteredLines()) {
            if (line.startsWith("# HELP ")) {
                family = line.split(" ")[2];
            } else if (line.startsWith("# TYPE ")) {
                assertEquals(family, line.split(" ")[2], line);
                type = line.split(" ")[3];
            } else if ("histogram".equals(type)) {
                assertTrue(line.startsWith(family + "_bucket{le=\"") || line.startsWith(family + "_sum ")
                        || line.startsWith(family + "_count "), line);
            } else {
                assertTrue(line.startsWith(family + " ") || line.startsWith(family + "{"), line);
            }
        }
    }

    @Test
    void gaugesShowTheCurrentValues() {
        assertTrue(lines().contains("events_gateway_connections_open 3"));
        assertTrue(lines().contains("events_gateway_users_connected 2"));
        assertTrue(lines().contains("events_gateway_rooms 1"));
        assertTrue(lines().contains("events_gateway_room_memberships 4"));
        assertTrue(lines().contains("events_gateway_send_queue_frames 7"));
        assertTrue(lines().contains("events_gateway_send_queue_max_frames 5"));
        assertTrue(lines().contains("events_gateway_history_bytes 4096"));
    }

    @Test
    void recoveriesAreCountedByOutcome() {
        metrics.recovery(RecoveryOutcome.TOO_OLD);
        metrics.recovery(RecoveryOutcome.TOO_OLD);
        metrics.recovery(RecoveryOutcome.RECOVERED);
        assertTrue(lines().contains("events_gateway_recoveries_total{outcome=\"recovered\"} 1"));
        assertTrue(lines().contains("events_gateway_recoveries_total{outcome=\"too_old\"} 2"));
        assertTrue(lines().contains("events_gateway_recoveries_total{outcome=\"epoch_changed\"} 0"));
        assertTrue(lines().contains("events_gateway_recoveries_total{outcome=\"too_many\"} 0"));
    }

    @Test
    void countersAreNamedTotalAndLabelledFromTheEnums() {
        metrics.handshake(HandshakeResult.FOREIGN_ORIGIN);
        metrics.failed(Failure.of(ErrorCode.NOT_IN_ROOM, "not in room"));
        assertTrue(lines().contains("events_gateway_handshakes_total{outcome=\"refused_403\"} 1"));
        assertTrue(lines().contains("events_gateway_handshakes_total{outcome=\"accepted\"} 0"));
        assertTrue(lines().contains("events_gateway_errors_total{code=\"NOT_IN_ROOM\"} 1"));
        lines().stream().filter(line -> line.startsWith("# TYPE ") && line.endsWith(" counter"))
                .forEach(line -> assertTrue(line.split(" ")[2].endsWith("_total"), line));
    }

    @Test
    void bothReasonsFor4401AddUpInOneSeries() {
        metrics.serverClosed(CloseCode.TOKEN_EXPIRED);
        metrics.serverClosed(CloseCode.INVALID_CREDENTIALS);
        assertTrue(lines().contains("events_gateway_server_closes_total{code=\"4401\"} 2"));
        assertEquals(1, lines().stream().filter(line -> line.contains("code=\"4401\"")).count());
    }

    @Test
    void slowConsumersAreTheClosesWith4409() {
        metrics.serverClosed(CloseCode.SLOW_CONSUMER);
        assertTrue(lines().contains("events_gateway_slow_consumers_closed_total 1"));
        assertTrue(lines().contains("events_gateway_server_closes_total{code=\"4409\"} 1"));
    }

    @Test
    void deliveriesCountFramesAndTheirUtf8Bytes() {
        metrics.delivered(3, 10, 1_000);
        metrics.delivered(0, 10, 1_000);
        assertTrue(lines().contains("events_gateway_fanouts_total 2"));
        assertTrue(lines().contains("events_gateway_deliveries_total 3"));
        assertTrue(lines().contains("events_gateway_delivered_bytes_total 30"));
    }

    @Test
    void fanOutsAreTimedInCumulativeBucketsWithSumInSeconds() {
        metrics.delivered(2, 10, 20_000);
        metrics.delivered(2, 10, 3_000_000);
        assertTrue(lines().contains("events_gateway_fanout_duration_seconds_bucket{le=\"0.00001\"} 0"));
        assertTrue(lines().contains("events_gateway_fanout_duration_seconds_bucket{le=\"0.000025\"} 1"));
        assertTrue(lines().contains("events_gateway_fanout_duration_seconds_bucket{le=\"0.0025\"} 1"));
        assertTrue(lines().contains("events_gateway_fanout_duration_seconds_bucket{le=\"0.005\"} 2"));
        assertTrue(lines().contains("events_gateway_fanout_duration_seconds_bucket{le=\"1\"} 2"));
        assertTrue(lines().contains("events_gateway_fanout_duration_seconds_bucket{le=\"+Inf\"} 2"));
        assertTrue(lines().contains("events_gateway_fanout_duration_seconds_sum 0.00302"));
        assertTrue(lines().contains("events_gateway_fanout_duration_seconds_count 2"));
    }

    @Test
    void handshakesAndJwksFetchesHaveTheirOwnSeries() {
        metrics.handshakeCompleted(7_000_000_000L);
        metrics.jwksFetched(false);
        metrics.jwksFetched(true);
        assertTrue(lines().contains("events_gateway_handshake_duration_seconds_bucket{le=\"5\"} 0"));
        assertTrue(lines().contains("events_gateway_handshake_duration_seconds_bucket{le=\"+Inf\"} 1"));
        assertTrue(lines().contains("events_gateway_handshake_duration_seconds_sum 7"));
        assertTrue(lines().contains("events_gateway_jwks_fetches_total 2"));
        assertTrue(lines().contains("events_gateway_jwks_fetch_failures_total 1"));
    }

    @Test
    void aSingleNodeShowsNoRedisFamilies() {
        redis.published(false);
        assertTrue(lines().stream().noneMatch(line -> line.contains("redis")));
    }

    @Test
    void aClusteredNodeCountsPublicationsFailuresReceptionsAndMissedFrames() {
        redis.published(false);
        redis.published(true);
        redis.received(3);
        redis.missed(4);
        redis.missed(1);
        assertTrue(clusteredLines().contains("events_gateway_redis_publishes_total 2"));
        assertTrue(clusteredLines().contains("events_gateway_redis_publish_failures_total 1"));
        assertTrue(clusteredLines().contains("events_gateway_redis_receptions_total 1"));
        assertTrue(clusteredLines().contains("events_gateway_redis_missed_frames_total 5"));
    }

    @Test
    void aClusteredNodeCountsTheRoomsWhoseRedisLostPublications() {
        assertTrue(clusteredLines().contains("events_gateway_redis_diverged_rooms_total 0"));
        redis.diverged();
        assertTrue(clusteredLines().contains("events_gateway_redis_diverged_rooms_total 1"));
    }

    @Test
    void theRedisLagIsAHistogramInSecondsWithAClockBehindCountedAsNoLag() {
        redis.received(3);
        redis.received(-20);
        redis.received(12_000);
        assertTrue(clusteredLines().contains("events_gateway_redis_lag_seconds_bucket{le=\"0.001\"} 1"));
        assertTrue(clusteredLines().contains("events_gateway_redis_lag_seconds_bucket{le=\"0.005\"} 2"));
        assertTrue(clusteredLines().contains("events_gateway_redis_lag_seconds_bucket{le=\"10\"} 2"));
        assertTrue(clusteredLines().contains("events_gateway_redis_lag_seconds_bucket{le=\"+Inf\"} 3"));
        assertTrue(clusteredLines().contains("events_gateway_redis_lag_seconds_sum 12.003"));
        assertTrue(clusteredLines().contains("events_gateway_redis_lag_seconds_count 3"));
    }
}
