package dev.eventsgateway.delivery.control;

/**
 * The Lua scripts a room's frames go through; Redis runs each atomically, so a room's order is the order of its
 * scripts. Every room script takes the room's keys as {@link RedisChannels#keys} names them: sequence, epoch, history.
 */
final class RedisScripts {

    // Shared by the scripts that need the room's epoch: a room without one (first use, or its keys expired, were
    // evicted or flushed) gets the epoch the caller proposes, and its offsets start again at 1. A sequence lost while
    // the history stream survived would make XADD's explicit ids go backwards: that, too, is a lost history.
    private static final String EPOCH = """
            local epoch = redis.call('GET', KEYS[2])
            if not epoch or (redis.call('EXISTS', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[3]) == 1) then
              epoch = ARGV[1]
              redis.call('DEL', KEYS[1], KEYS[3])
              redis.call('SET', KEYS[2], epoch, 'PX', ARGV[2])
            end
            local now = redis.call('TIME')
            local millis = now[1] .. string.format('%03d', math.floor(now[2] / 1000))
            """;

    /**
     * A room publication. ARGV: proposed epoch, TTL millis, channel, history size (0: none kept), then
     * {@code sent|except|frame}. Assigns the next offset, appends the frame to the room's stream under id
     * {@code offset-1} (trimmed to about the history size), renews the TTL of the room's keys and publishes
     * {@code offset|epoch|sent|except|frame}; returns {@code [epoch, offset]}, the position it took.
     */
    static final String PUBLISH_PUBLICATION = EPOCH + """
            local offset = redis.call('INCR', KEYS[1])
            if tonumber(ARGV[4]) > 0 then
              redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], offset .. '-1', 't', millis, 'f', ARGV[5])
              redis.call('PEXPIRE', KEYS[3], ARGV[2])
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            redis.call('PUBLISH', ARGV[3], offset .. '|' .. epoch .. '|' .. ARGV[5])
            return {epoch, offset}
            """;

    /**
     * The room's position and the publications from an offset on, read in one step. ARGV: proposed epoch, TTL millis,
     * first offset wanted (0: none), how many at most, the epoch they must belong to. Returns
     * {@code [epoch, offset, millis, [[id, [field, value, ...]], ...]]}.
     */
    static final String READ_FROM = EPOCH + """
            local offset = tonumber(redis.call('GET', KEYS[1]) or '0')
            local entries = {}
            local from = tonumber(ARGV[3])
            if from > 0 and from <= offset and ARGV[5] == epoch then
              entries = redis.call('XRANGE', KEYS[3], from .. '-1', '+', 'COUNT', ARGV[4])
            end
            return {epoch, offset, millis, entries}
            """;

    /**
     * The room's position and its latest publications, newest first. ARGV: proposed epoch, TTL millis, how many.
     * Returns as {@link #READ_FROM} does.
     */
    static final String READ_LATEST = EPOCH + """
            local offset = tonumber(redis.call('GET', KEYS[1]) or '0')
            local entries = redis.call('XREVRANGE', KEYS[3], '+', '-', 'COUNT', ARGV[3])
            return {epoch, offset, millis, entries}
            """;

    /**
     * A connection entered a room's presence. KEYS: the room's presence, the node's members. ARGV: field
     * {@code node|connection}, user id, the node's member entry {@code room|connection|user}.
     */
    static final String ENTER = """
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[3])
            return 1
            """;

    /** A connection left a room's presence. KEYS and ARGV as {@link #ENTER}'s, the user id unused. */
    static final String DEPART = """
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('SREM', KEYS[2], ARGV[3])
            return 1
            """;

    /**
     * A user's new connection, unless the user holds the maximum already. KEYS: the user's connections, the node's
     * connections. ARGV: {@code node|connection}, the maximum, {@code connection|user}. Returns 1 when counted, else 0.
     */
    static final String ACQUIRE = """
            if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then
              return 0
            end
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('SADD', KEYS[2], ARGV[3])
            return 1
            """;

    /** A user's connection closed. KEYS and ARGV as {@link #ACQUIRE}'s, the maximum unused. */
    static final String RELEASE = """
            redis.call('SREM', KEYS[1], ARGV[1])
            redis.call('SREM', KEYS[2], ARGV[3])
            return 1
            """;

    // Takes back what a node wrote, with the key names of RedisChannels (a node's entries name rooms and users that
    // no caller can list in advance, so these scripts need one Redis server, not a Redis Cluster). Appends
    // room|user for each membership taken back to the table given.
    private static final String TAKE_BACK = """
            local function take_back(node, departed)
              local members = 'eg:node:' .. node .. ':members'
              for _, entry in ipairs(redis.call('SMEMBERS', members)) do
                local roomEnd = string.find(entry, '|', 1, true)
                local connectionEnd = string.find(entry, '|', roomEnd + 1, true)
                local room = string.sub(entry, 1, roomEnd - 1)
                redis.call('HDEL', 'eg:{' .. room .. '}:presence',
                    node .. '|' .. string.sub(entry, roomEnd + 1, connectionEnd - 1))
                table.insert(departed, room .. '|' .. string.sub(entry, connectionEnd + 1))
              end
              local connections = 'eg:node:' .. node .. ':connections'
              for _, entry in ipairs(redis.call('SMEMBERS', connections)) do
                local connectionEnd = string.find(entry, '|', 1, true)
                redis.call('SREM', 'eg:user:{' .. string.sub(entry, connectionEnd + 1) .. '}:connections',
                    node .. '|' .. string.sub(entry, 1, connectionEnd - 1))
              end
              redis.call('DEL', members, connections)
              redis.call('SREM', 'eg:nodes', node)
            end
            """;

    /**
     * A node's heartbeat. ARGV: node id, liveness TTL millis. Renews the node's liveness key, and takes back the
     * entries of every other node whose key has expired, atomically, so that of several nodes beating at once only one
     * finds each dead node. Returns {@code [1 if this node was still known, else 0, room|user, ...]}.
     */
    static final String BEAT = TAKE_BACK + """
            local known = redis.call('SISMEMBER', 'eg:nodes', ARGV[1])
            redis.call('SET', 'eg:node:' .. ARGV[1], '1', 'PX', ARGV[2])
            redis.call('SADD', 'eg:nodes', ARGV[1])
            local departed = {known}
            for _, node in ipairs(redis.call('SMEMBERS', 'eg:nodes')) do
              if node ~= ARGV[1] and redis.call('EXISTS', 'eg:node:' .. node) == 0 then
                take_back(node, departed)
              end
            end
            return departed
            """;

    /** The nodes alive now: those announced whose liveness key exists. */
    static final String LIVE_NODES = """
            local live = {}
            for _, node in ipairs(redis.call('SMEMBERS', 'eg:nodes')) do
              if redis.call('EXISTS', 'eg:node:' .. node) == 1 then
                table.insert(live, node)
              end
            end
            return live
            """;

    /** A node announces itself, at each connection to Redis. ARGV: node id, liveness TTL millis. */
    static final String ANNOUNCE = """
            redis.call('SET', 'eg:node:' .. ARGV[1], '1', 'PX', ARGV[2])
            return redis.call('SADD', 'eg:nodes', ARGV[1])
            """;

    /** A node stops: takes back everything it wrote and its liveness. ARGV: node id. Returns how many memberships. */
    static final String STOP = TAKE_BACK + """
            local departed = {}
            take_back(ARGV[1], departed)
            redis.call('DEL', 'eg:node:' .. ARGV[1])
            return #departed
            """;

    private RedisScripts() {
    }
}
