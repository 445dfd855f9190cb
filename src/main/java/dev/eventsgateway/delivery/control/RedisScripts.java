package dev.eventsgateway.delivery.control;

/**
 * The Lua scripts a room's frames go through; Redis runs each atomically, so a room's order is the order of its
 * scripts. Every room script takes the room's keys as {@link RedisChannels#keys} names them: sequence, epoch, history.
 * Each script touches the keys of one hash tag only, as a Redis Cluster requires.
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
     * A room publication. ARGV: proposed epoch, TTL millis, channel, history size (0: none kept),
     * {@code sent|except|frame}, then the publish command ({@code PUBLISH}, or {@code SPUBLISH} on a Redis Cluster,
     * where the room's sharded channel lives on the shard of its keys). Assigns the next offset, appends the frame to
     * the room's stream under id {@code offset-1} (trimmed to about the history size), renews the TTL of the room's
     * keys and publishes {@code offset|epoch|sent|except|frame}; returns {@code [epoch, offset]}, the position it took.
     */
    static final String PUBLISH_PUBLICATION = EPOCH + """
            local offset = redis.call('INCR', KEYS[1])
            if tonumber(ARGV[4]) > 0 then
              redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], offset .. '-1', 't', millis, 'f', ARGV[5])
              redis.call('PEXPIRE', KEYS[3], ARGV[2])
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            redis.call(ARGV[6], ARGV[3], offset .. '|' .. epoch .. '|' .. ARGV[5])
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
     * A new epoch for a room whose Redis forgot publications a node received (an asynchronous failover promoted a
     * replica that lacked them): its sequence would give their offsets again, under the same epoch. ARGV: the epoch
     * the node received them under, the new epoch, TTL millis, the node's last offset and {@code sent|except|} of the
     * publication it received there, both empty when the node saw an offset given twice already. Only while the
     * room still has that epoch and, with an offset, its sequence is behind it: sets the new epoch and deletes the
     * sequence and the history, as {@link #EPOCH} does when the room's state is lost, and returns 1. Returns 2, and
     * changes nothing, when the history holds another publication at that offset (the sequence passed it again);
     * else 0 (another node started the new epoch, or nothing was lost).
     */
    static final String RENEW_EPOCH = """
            if redis.call('GET', KEYS[2]) ~= ARGV[1] then
              return 0
            end
            if ARGV[4] ~= '' and tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[4]) then
              local entry = redis.call('XRANGE', KEYS[3], ARGV[4] .. '-1', ARGV[4] .. '-1')
              if ARGV[5] ~= '' and #entry == 1 then
                local fields = entry[1][2]
                for i = 1, #fields - 1, 2 do
                  if fields[i] == 'f' and string.sub(fields[i + 1], 1, #ARGV[5]) ~= ARGV[5] then
                    return 2
                  end
                end
              end
              return 0
            end
            redis.call('DEL', KEYS[1], KEYS[3])
            redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
            return 1
            """;

    /**
     * A user's new connection, unless the user holds the maximum already. KEYS: the user's connections. ARGV:
     * {@code node|connection}, the maximum. Returns 1 when counted, else 0.
     */
    static final String ACQUIRE = """
            if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then
              return 0
            end
            redis.call('SADD', KEYS[1], ARGV[1])
            return 1
            """;

    private RedisScripts() {
    }
}
