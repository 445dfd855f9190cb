package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DeliverySettingsTest {

    @Test
    void withoutARedisUrlOneNodeRunsInMemory() {
        DeliverySettings settings = DeliverySettings.from(Environment.of(Map.of()));

        assertFalse(settings.clustered());
        assertEquals("single node, in memory", settings.describe());
    }

    @Test
    void aRedisUrlMakesACluster() {
        var env = Environment.of(Map.of(DeliverySettings.REDIS_URL, "redis://127.0.0.1:6379/2"));

        DeliverySettings settings = DeliverySettings.from(env);

        assertTrue(settings.clustered());
        assertEquals("cluster via redis://127.0.0.1:6379", settings.describe());
    }

    @Test
    void theDescriptionNeverShowsCredentials() {
        var env = Environment.of(Map.of(DeliverySettings.REDIS_URL, "rediss://gateway:s3cret@redis.example:6380"));

        String described = DeliverySettings.from(env).describe();

        assertEquals("cluster via rediss://redis.example:6380", described);
    }

    @Test
    void aSentinelUrlNamesItsSentinelsAndMasterWithoutCredentials() {
        var env = Environment.of(Map.of(DeliverySettings.REDIS_URL,
                "redis-sentinel://gateway:s3cret@10.0.0.1:26380,sentinel-b,10.0.0.3:26381/2#orders"));

        DeliverySettings settings = DeliverySettings.from(env);

        assertTrue(settings.clustered());
        RedisAddress redis = settings.redis().orElseThrow();
        assertTrue(redis.sentinel());
        assertEquals("cluster via Redis Sentinel 10.0.0.1:26380,sentinel-b:26379,10.0.0.3:26381 master orders",
                settings.describe());
        assertEquals("redis-sentinel://10.0.0.1:26380,sentinel-b:26379,10.0.0.3:26381#orders", redis.location());
        assertFalse(redis.toString().contains("s3cret"));
    }

    @Test
    void aSingleSentinelMayBeAnIpv6AddressInBrackets() {
        var env = Environment.of(Map.of(DeliverySettings.REDIS_URL, "redis-sentinel://[::1]:26380#orders"));

        assertEquals("cluster via Redis Sentinel [::1]:26380 master orders", DeliverySettings.from(env).describe());
    }

    @Test
    void aTlsSentinelUrlSaysSo() {
        var env = Environment.of(Map.of(DeliverySettings.REDIS_URL, "rediss-sentinel://:s3cret@sentinel.example#main"));

        assertEquals("cluster via Redis Sentinel sentinel.example:26379 master main (TLS)",
                DeliverySettings.from(env).describe());
    }

    @Test
    void theClientReadsTheSentinelsAndTheMasterTheDescriptionNames() {
        RedisAddress redis = RedisAddress.parse("redis-sentinel://user:s3cret@127.0.0.1:26379,127.0.0.2:26380/3#orders");

        var uri = io.lettuce.core.RedisURI.create(redis.url());

        assertEquals("orders", uri.getSentinelMasterId());
        assertEquals(2, uri.getSentinels().size());
        assertEquals(26380, uri.getSentinels().get(1).getPort());
        assertEquals(3, uri.getDatabase());
        assertEquals("user", uri.getCredentialsProvider().resolveCredentials().block().getUsername());
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-sentinel://user:s3cret@127.0.0.1:26379", "redis-sentinel://user:s3cret@h1#",
            "redis-sentinel://user:s3cret@#orders", "redis-sentinel://user:s3cret@h1,,h2#orders",
            "redis-sentinel://user:s3cret@h1:0#orders", "redis-sentinel://user:s3cret@h1:70000#orders",
            "redis-sentinel://user:s3cret@h1:port#orders", "redis-sentinel://user:s3cret,h2#orders",
            "redis-sentinel://user:s3cret@h1/x#orders", "redis-sentinel://user:s3cret@::1#orders",
            "redis-sentinel://user:s3cret@h1?sentinelMasterId=orders", "redis://user:s3cret@host#orders",
            "sentinel://user:s3cret@h1#orders"})
    void refusesAMalformedSentinelUrlNamingTheVariableButNotThePassword(String value) {
        var env = Environment.of(Map.of(DeliverySettings.REDIS_URL, value));

        var refused = assertThrows(ConfigurationException.class, () -> DeliverySettings.from(env));

        assertTrue(refused.getMessage().startsWith(DeliverySettings.REDIS_URL), refused.getMessage());
        assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
    }

    @Test
    void aRedisClusterUrlNamesItsSeedsWithTheirDefaultPortAndNoCredentials() {
        var env = Environment.of(Map.of(DeliverySettings.REDIS_URL,
                "redis-cluster://user:s3cret@10.0.0.1:7000,10.0.0.2,redis-c:7002"));

        DeliverySettings settings = DeliverySettings.from(env);

        assertTrue(settings.clustered());
        assertEquals("cluster via Redis Cluster 10.0.0.1:7000,10.0.0.2:6379,redis-c:7002", settings.describe());
    }

    @Test
    void theClientGetsEverySeedWithTheCredentialsAndTls() {
        RedisAddress redis = RedisAddress.parse("rediss-cluster://user:s3cret@h1:7000,h2:7001");

        var seeds = redis.seedUris();

        assertTrue(redis.cluster());
        assertEquals(List.of("h1", "h2"), seeds.stream().map(io.lettuce.core.RedisURI::getHost).toList());
        assertEquals(List.of(7000, 7001), seeds.stream().map(io.lettuce.core.RedisURI::getPort).toList());
        assertTrue(seeds.stream().allMatch(io.lettuce.core.RedisURI::isSsl));
        assertEquals("user", seeds.get(1).getCredentialsProvider().resolveCredentials().block().getUsername());
        assertEquals("cluster via Redis Cluster h1:7000,h2:7001 (TLS)",
                DeliverySettings.from(Environment.of(Map.of(DeliverySettings.REDIS_URL,
                        "rediss-cluster://user:s3cret@h1:7000,h2:7001"))).describe());
    }

    @Test
    void credentialsInVariablesOfTheirOwnReachTheClientAndNoDescription() {
        var env = Environment.of(Map.of(DeliverySettings.REDIS_URL, "redis-sentinel://h1,h2#orders",
                DeliverySettings.REDIS_USERNAME, "gateway", DeliverySettings.REDIS_PASSWORD, "s3cret"));

        DeliverySettings settings = DeliverySettings.from(env);

        var credentials = settings.redis().orElseThrow().uri().getCredentialsProvider().resolveCredentials().block();
        assertEquals("gateway", credentials.getUsername());
        assertEquals("s3cret", new String(credentials.getPassword()));
        assertFalse(settings.describe().contains("s3cret"), settings.describe());
        RedisAddress cluster = DeliverySettings.from(Environment.of(Map.of(DeliverySettings.REDIS_URL,
                "redis-cluster://h1:7000,h2:7001", DeliverySettings.REDIS_PASSWORD, "s3cret"))).redis().orElseThrow();
        assertTrue(cluster.seedUris().stream().allMatch(seed -> "s3cret".equals(new String(
                seed.getCredentialsProvider().resolveCredentials().block().getPassword()))));
    }

    @Test
    void credentialsInVariablesNeedAUrlWithoutCredentialsAndAPasswordWithAUser() {
        var twice = assertThrows(ConfigurationException.class, () -> DeliverySettings.from(Environment.of(Map.of(
                DeliverySettings.REDIS_URL, "redis://:0ther@h1", DeliverySettings.REDIS_PASSWORD, "s3cret"))));
        assertTrue(twice.getMessage().startsWith(DeliverySettings.REDIS_PASSWORD), twice.getMessage());
        var userOnly = assertThrows(ConfigurationException.class, () -> DeliverySettings.from(Environment.of(Map.of(
                DeliverySettings.REDIS_URL, "redis://h1", DeliverySettings.REDIS_USERNAME, "gateway"))));
        assertTrue(userOnly.getMessage().startsWith(DeliverySettings.REDIS_USERNAME), userOnly.getMessage());
        var noRedis = assertThrows(ConfigurationException.class, () -> DeliverySettings.from(Environment.of(Map.of(
                DeliverySettings.REDIS_PASSWORD, "s3cret"))));
        assertTrue(noRedis.getMessage().startsWith(DeliverySettings.REDIS_PASSWORD), noRedis.getMessage());
        for (var refused : java.util.List.of(twice, userOnly, noRedis)) {
            assertFalse(refused.getMessage().contains("s3cret") || refused.getMessage().contains("0ther"),
                    refused.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-cluster://user:s3cret@", "redis-cluster://user:s3cret@h1,,h2",
            "redis-cluster://user:s3cret@h1:0", "redis-cluster://user:s3cret@h1:port",
            "redis-cluster://user:s3cret@h1/3",
            "redis-cluster://user:s3cret@h1#master", "redis-cluster://user:s3cret@h1?timeout=5s",
            "redis-cluster://user:s3cret@::1"})
    void refusesAMalformedRedisClusterUrlNamingTheVariableButNotThePassword(String value) {
        var env = Environment.of(Map.of(DeliverySettings.REDIS_URL, value));

        var refused = assertThrows(ConfigurationException.class, () -> DeliverySettings.from(env));

        assertTrue(refused.getMessage().startsWith(DeliverySettings.REDIS_URL), refused.getMessage());
        assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://user:s3cret@host:6379", "redis://user:s3cret@", "redis:s3cret", "redis://user:s3cret@host/x",
            "redis://user:s3cret@ho st"})
    void refusesAMalformedUrlNamingTheVariableButNotThePassword(String value) {
        var env = Environment.of(Map.of(DeliverySettings.REDIS_URL, value));

        var refused = assertThrows(ConfigurationException.class, () -> DeliverySettings.from(env));

        assertTrue(refused.getMessage().startsWith(DeliverySettings.REDIS_URL), refused.getMessage());
        assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
    }
}
