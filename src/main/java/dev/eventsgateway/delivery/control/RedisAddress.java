package dev.eventsgateway.delivery.control;

import dev.eventsgateway.configuration.ConfigurationException;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the cluster's Redis is, as {@code EVENTS_REDIS_URL} gives it: one server ({@code redis://}, {@code rediss://}),
 * the master a group of Redis Sentinels names ({@code redis-sentinel://}, {@code rediss-sentinel://}) or a Redis
 * Cluster reached through any of its nodes ({@code redis-cluster://}, {@code rediss-cluster://}); kept as the raw value
 * Lettuce reads, and described without credentials.
 */
public final class RedisAddress {

    private static final String VARIABLE = DeliverySettings.REDIS_URL;
    private static final Set<String> STANDALONE = Set.of("redis", "rediss");
    private static final Set<String> SENTINEL = Set.of("redis-sentinel", "rediss-sentinel");
    private static final Set<String> CLUSTER = Set.of("redis-cluster", "rediss-cluster");
    private static final String FORMS = "redis://[user:password@]host[:port][/db], rediss://..., "
            + "redis-sentinel://[user:password@]host1[:port1][,host2[:port2]...][/db]#master, rediss-sentinel://..., "
            + "redis-cluster://[user:password@]host1[:port1][,host2[:port2]...] or rediss-cluster://...";
    private static final int SENTINEL_PORT = 26379;
    private static final int REDIS_PORT = 6379;

    private final String url;
    private final String location;
    private final boolean sentinel;
    private final String sentinels;
    private final String master;
    private final List<String> seeds;
    /** Credentials given in variables of their own, or null (none, or in the URL). */
    private final String username;
    private final String password;

    private RedisAddress(String url, String location, boolean sentinel, String sentinels, String master,
                         List<String> seeds) {
        this(url, location, sentinel, sentinels, master, seeds, null, null);
    }

    private RedisAddress(String url, String location, boolean sentinel, String sentinels, String master,
                         List<String> seeds, String username, String password) {
        this.url = url;
        this.location = location;
        this.sentinel = sentinel;
        this.sentinels = sentinels;
        this.master = master;
        this.seeds = List.copyOf(seeds);
        this.username = username;
        this.password = password;
    }

    /**
     * The same address, authenticating with these credentials at the data servers (ACL user and password, or the
     * password alone), given in variables of their own so that the URL can stay free of secrets.
     *
     * @throws ConfigurationException when the URL holds credentials too: one place only
     */
    RedisAddress withCredentials(Optional<String> user, String secret, String variable) {
        String authority = URI.create(url).getRawAuthority();
        if (authority != null && authority.contains("@")) {
            throw new ConfigurationException(variable, "is set while " + VARIABLE
                    + " holds credentials too; give them in one place");
        }
        return new RedisAddress(url, location, sentinel, sentinels, master, seeds, user.orElse(null), secret);
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
        } else if (scheme != null && CLUSTER.contains(scheme)) {
            address = cluster(raw, url);
        } else {
            throw new ConfigurationException(VARIABLE, "must start with redis://, rediss://, redis-sentinel://, "
                    + "rediss-sentinel://, redis-cluster:// or rediss-cluster://");
        }
        try {
            if (address.cluster()) {
                address.seedUris();
            } else {
                RedisURI.create(raw);
            }
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
        return new RedisAddress(raw, location, false, "", "", List.of());
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
        List<String> hosts = hostList("sentinel", hostList, SENTINEL_PORT);
        String master = url.getFragment();
        if (master == null || master.isBlank()) {
            throw new ConfigurationException(VARIABLE, "must name the Sentinel master after '#' (e.g. #mymaster)");
        }
        if (url.getRawQuery() != null && url.getRawQuery().contains("sentinelMasterId")) {
            throw new ConfigurationException(VARIABLE, "names the master after '#' only, not as sentinelMasterId");
        }
        String joined = String.join(",", hosts);
        String location = url.getScheme() + "://" + joined + "#" + master;
        return new RedisAddress(raw, location, true, joined, master, List.of());
    }

    // Same host list as Sentinel's; the credentials apply to every node, and a cluster has no database but 0.
    private static RedisAddress cluster(String raw, URI url) {
        String authority = url.getRawAuthority();
        String hostList = authority == null ? "" : authority.substring(authority.lastIndexOf('@') + 1);
        if (hostList.isEmpty()) {
            throw new ConfigurationException(VARIABLE, "must name at least one node of the Redis Cluster");
        }
        if (url.getPath() != null && !url.getPath().isEmpty() && !url.getPath().equals("/")) {
            throw new ConfigurationException(VARIABLE, "names no database with redis-cluster:// (a cluster has one)");
        }
        if (url.getFragment() != null || url.getRawQuery() != null) {
            throw new ConfigurationException(VARIABLE, "takes no #master or options with redis-cluster://");
        }
        List<String> hosts = hostList("node", hostList, REDIS_PORT);
        String location = url.getScheme() + "://" + String.join(",", hosts);
        return new RedisAddress(raw, location, false, "", "", hosts);
    }

    private static List<String> hostList(String what, String hostList, int defaultPort) {
        List<String> hosts = new ArrayList<>();
        String[] entries = hostList.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            hosts.add(hostAndPort(what, entries[i], i + 1, defaultPort));
        }
        return hosts;
    }

    private static String hostAndPort(String what, String entry, int number, int defaultPort) {
        String host;
        String port;
        if (entry.startsWith("[")) {
            int end = entry.indexOf(']');
            if (end < 0) {
                throw new ConfigurationException(VARIABLE, what + " " + number + " has an unclosed IPv6 bracket");
            }
            host = entry.substring(0, end + 1);
            String rest = entry.substring(end + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new ConfigurationException(VARIABLE, what + " " + number + " is not host[:port]");
            }
            port = rest.isEmpty() ? "" : rest.substring(1);
        } else {
            int colon = entry.indexOf(':');
            if (colon != entry.lastIndexOf(':')) {
                throw new ConfigurationException(VARIABLE, what + " " + number
                        + " is not host[:port] (an IPv6 address goes in brackets)");
            }
            host = colon < 0 ? entry : entry.substring(0, colon);
            port = colon < 0 ? "" : entry.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.\\-_\\[\\]:%]+")) {
            throw new ConfigurationException(VARIABLE, what + " " + number + " has no valid host");
        }
        if (port.isEmpty()) {
            return host + ":" + defaultPort;
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
            throw new ConfigurationException(VARIABLE, what + " " + number + " has a bad port (1 to 65535)");
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

    /** The client's URI of one server or of the sentinels, with the credentials: for the Redis client only. */
    RedisURI uri() {
        return authenticated(RedisURI.create(url));
    }

    private RedisURI authenticated(RedisURI uri) {
        if (password != null) {
            if (username != null) {
                uri.setAuthentication(username, password);
            } else {
                uri.setAuthentication(password);
            }
        }
        return uri;
    }

    /**
     * The URL without credentials, database or options: {@code redis://host:port},
     * {@code redis-sentinel://h:p,...#master} or {@code redis-cluster://h:p,...}.
     */
    public String location() {
        return location;
    }

    /** Whether Redis Sentinel names the master. */
    public boolean sentinel() {
        return sentinel;
    }

    /** Whether this is a Redis Cluster, whose rooms use sharded channels. */
    public boolean cluster() {
        return !seeds.isEmpty();
    }

    /** The cluster's nodes to start from, each with the URL's credentials and TLS: for the Redis client only. */
    List<RedisURI> seedUris() {
        String scheme = location.startsWith("rediss-") ? "rediss" : "redis";
        String authority = URI.create(url).getRawAuthority();
        String credentials = authority.substring(0, authority.lastIndexOf('@') + 1);
        return seeds.stream().map(seed -> authenticated(RedisURI.create(scheme + "://" + credentials + seed))).toList();
    }

    /**
     * {@code redis://host:port}, {@code Redis Sentinel host:port,... master name} or
     * {@code Redis Cluster host:port,...}; never credentials.
     */
    public String describe() {
        if (cluster()) {
            return "Redis Cluster " + String.join(",", seeds) + (location.startsWith("rediss-") ? " (TLS)" : "");
        }
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
