package dev.eventsgateway.delivery.control;

import dev.eventsgateway.configuration.ConfigurationException;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where the cluster's Redis is, as {@code EVENTS_REDIS_URL} gives it: one server ({@code redis://}, {@code rediss://})
 * or the master a group of Redis Sentinels names ({@code redis-sentinel://}, {@code rediss-sentinel://}); kept as the
 * raw value Lettuce reads, and described without credentials.
 */
public final class RedisAddress {

    private static final String VARIABLE = DeliverySettings.REDIS_URL;
    private static final Set<String> STANDALONE = Set.of("redis", "rediss");
    private static final Set<String> SENTINEL = Set.of("redis-sentinel", "rediss-sentinel");
    private static final String FORMS = "redis://[user:password@]host[:port][/db], rediss://..., "
            + "redis-sentinel://[user:password@]host1[:port1][,host2[:port2]...][/db]#master or rediss-sentinel://...";
    private static final int SENTINEL_PORT = 26379;

    private final String url;
    private final String location;
    private final boolean sentinel;
    private final String sentinels;
    private final String master;

    private RedisAddress(String url, String location, boolean sentinel, String sentinels, String master) {
        this.url = url;
        this.location = location;
        this.sentinel = sentinel;
        this.sentinels = sentinels;
        this.master = master;
    }

    /**
     * Reads the value of {@code EVENTS_REDIS_URL}; a malformed one fails with a message naming the variable and never
     * repeating the value, which may hold a password.
     */
    public static RedisAddress parse(String raw) {
        URI url;
        try {
            url = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(VARIABLE, "is not a URL (" + FORMS + ")");
        }
        String scheme = url.getScheme();
        RedisAddress address;
        if (scheme != null && STANDALONE.contains(scheme)) {
            address = standalone(raw, url);
        } else if (scheme != null && SENTINEL.contains(scheme)) {
            address = sentinels(raw, url);
        } else {
            throw new ConfigurationException(VARIABLE,
                    "must start with redis://, rediss://, redis-sentinel:// or rediss-sentinel://");
        }
        try {
            RedisURI.create(raw);
        } catch (RuntimeException e) {
            // Lettuce's own reasons may quote the value: none is repeated.
            throw new ConfigurationException(VARIABLE, "is not a Redis URL the client accepts (" + FORMS + ")");
        }
        return address;
    }

    private static RedisAddress standalone(String raw, URI url) {
        checkDatabase(url);
        if (url.getHost() == null) {
            throw new ConfigurationException(VARIABLE, "must name a host");
        }
        if (url.getFragment() != null) {
            throw new ConfigurationException(VARIABLE, "names a master (#name) only with redis-sentinel://");
        }
        String location = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        return new RedisAddress(raw, location, false, "", "");
    }

    // java.net.URI reads a list of hosts as a registry authority only: the hosts are split here, after the last '@'.
    private static RedisAddress sentinels(String raw, URI url) {
        checkDatabase(url);
        String authority = url.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new ConfigurationException(VARIABLE, "must name at least one sentinel host");
        }
        String hostList = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostList.isEmpty()) {
            throw new ConfigurationException(VARIABLE, "must name at least one sentinel host");
        }
        List<String> hosts = new ArrayList<>();
        String[] entries = hostList.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            hosts.add(hostAndPort(entries[i], i + 1));
        }
        String master = url.getFragment();
        if (master == null || master.isBlank()) {
            throw new ConfigurationException(VARIABLE, "must name the Sentinel master after '#' (e.g. #mymaster)");
        }
        if (url.getRawQuery() != null && url.getRawQuery().contains("sentinelMasterId")) {
            throw new ConfigurationException(VARIABLE, "names the master after '#' only, not as sentinelMasterId");
        }
        String joined = String.join(",", hosts);
        String location = url.getScheme() + "://" + joined + "#" + master;
        return new RedisAddress(raw, location, true, joined, master);
    }

    private static String hostAndPort(String entry, int number) {
        String host;
        String port;
        if (entry.startsWith("[")) {
            int end = entry.indexOf(']');
            if (end < 0) {
                throw new ConfigurationException(VARIABLE, "sentinel " + number + " has an unclosed IPv6 bracket");
            }
            host = entry.substring(0, end + 1);
            String rest = entry.substring(end + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new ConfigurationException(VARIABLE, "sentinel " + number + " is not host[:port]");
            }
            port = rest.isEmpty() ? "" : rest.substring(1);
        } else {
            int colon = entry.indexOf(':');
            if (colon != entry.lastIndexOf(':')) {
                throw new ConfigurationException(VARIABLE, "sentinel " + number
                        + " is not host[:port] (an IPv6 address goes in brackets)");
            }
            host = colon < 0 ? entry : entry.substring(0, colon);
            port = colon < 0 ? "" : entry.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.\\-_\\[\\]:%]+")) {
            throw new ConfigurationException(VARIABLE, "sentinel " + number + " has no valid host");
        }
        if (port.isEmpty()) {
            return host + ":" + SENTINEL_PORT;
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
            throw new ConfigurationException(VARIABLE, "sentinel " + number + " has a bad port (1 to 65535)");
        }
        return host + ":" + Integer.parseInt(port);
    }

    private static void checkDatabase(URI url) {
        String path = url.getPath();
        if (path != null && !path.isEmpty() && !path.matches("/\\d{0,2}")) {
            throw new ConfigurationException(VARIABLE, "may name a database number only as its path");
        }
    }

    /** The value as given, credentials included: for the Redis client only, never for a log or a message. */
    String url() {
        return url;
    }

    /** The URL without credentials, database or options: {@code redis://host:port} or {@code redis-sentinel://h:p,...#master}. */
    public String location() {
        return location;
    }

    /** Whether Redis Sentinel names the master. */
    public boolean sentinel() {
        return sentinel;
    }

    /** {@code redis://host:port}, or {@code Redis Sentinel host:port,... master name}; never credentials. */
    public String describe() {
        if (!sentinel) {
            return location;
        }
        return "Redis Sentinel " + sentinels + " master " + master
                + (location.startsWith("rediss-") ? " (TLS)" : "");
    }

    @Override
    public String toString() {
        return location;
    }
}
