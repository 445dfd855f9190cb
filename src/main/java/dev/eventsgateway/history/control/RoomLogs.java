package dev.eventsgateway.history.control;

import dev.eventsgateway.history.entity.Admission;
import dev.eventsgateway.history.entity.HistoryRead;
import dev.eventsgateway.history.entity.HistorySnapshot;
import dev.eventsgateway.history.entity.Position;
import dev.eventsgateway.history.entity.RecoveryOutcome;
import dev.eventsgateway.history.entity.StoredPublication;
import dev.eventsgateway.protocol.entity.WireFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The rooms' histories on this server and each room's critical section: assigning a publication its offset, keeping
 * it and handing it to the members happen under one per-room lock, as do adding a member and recovering what it
 * missed, so that the offset order is the order every member receives.
 */
@ApplicationScoped
public class RoomLogs {

    /** Bookkeeping a held publication costs beyond its frame's characters: entry, record and string headers. */
    static final long ENTRY_OVERHEAD_BYTES = 64;
    private static final int EPOCH_LENGTH = 12;
    private static final char[] EPOCH_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, RoomLog> logs = new ConcurrentHashMap<>();
    /** Rooms holding publications, least recently published first; guarded by itself, taken inside a room's lock. */
    private final LinkedHashMap<String, RoomLog> byLastPublication = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicLong heldBytes = new AtomicLong();
    private HistorySettings settings;
    private Clock clock;
    private Supplier<String> epochs;

    protected RoomLogs() {
        // for the CDI proxy
    }

    @Inject
    public RoomLogs(HistorySettings settings) {
        this(settings, Clock.systemUTC(), RoomLogs::randomEpoch);
    }

    /** With a clock and epochs of the caller's choosing, for tests. */
    public RoomLogs(HistorySettings settings, Clock clock, Supplier<String> epochs) {
        this.settings = settings;
        this.clock = clock;
        this.epochs = epochs;
    }

    public HistorySettings settings() {
        return settings;
    }

    /**
     * Gives the frame the room's next offset, keeps the positioned frame and hands it out through {@code handOut}, all
     * in the room's critical section; returns what {@code handOut} returned.
     */
    public int publish(String room, String frame, ToIntFunction<String> handOut) {
        return publish(room, frame, handOut, position -> { });
    }

    /** As {@link #publish(String, String, ToIntFunction)}, telling {@code placed} the position it took. */
    public int publish(String room, String frame, ToIntFunction<String> handOut, Consumer<Position> placed) {
        long now = clock.millis();
        int handed = locked(room, log -> {
            expire(log, now);
            log.fresh = false;
            log.lastActiveMillis = now;
            long offset = ++log.offset;
            String positioned = WireFormat.positioned(frame, room, log.epoch, offset);
            keep(log, offset, positioned, now);
            placed.accept(new Position(log.epoch, offset));
            return handOut.applyAsInt(positioned);
        });
        evictBeyondBound();
        return handed;
    }

    /**
     * Adds a member through {@code admit} in the room's critical section; empty when {@code admit} refused it. With
     * {@code since}, the publications after it are handed to {@code send} before any later one reaches the member, or
     * none of them (recovery is all or nothing).
     */
    public Optional<Admission> join(String room, Optional<Position> since, BooleanSupplier admit,
                                    Consumer<String> send) {
        long now = clock.millis();
        return locked(room, log -> {
            if (!admit.getAsBoolean()) {
                if (log.fresh) {
                    drop(log);
                }
                return Optional.empty();
            }
            log.fresh = false;
            log.lastActiveMillis = now;
            expire(log, now);
            Position position = new Position(log.epoch, log.offset);
            return Optional.of(new Admission(position, since.map(from -> recover(log, from, send))));
        });
    }

    /**
     * A cluster's publication, whose position a shared store assigned: kept and handed out through {@code handOut}
     * with its position spliced on, in the room's critical section, unless this node has it already (a join adopted
     * a snapshot that held it); a new epoch starts this node's view of the room afresh. Returns what {@code handOut}
     * returned, or 0.
     */
    public int deliver(String room, Position position, String frame, ToIntFunction<String> handOut) {
        long now = clock.millis();
        int handed = locked(room, log -> {
            expire(log, now);
            if (!position.epoch().equals(log.epoch)) {
                restart(log, position.epoch(), 0);
            }
            if (position.offset() <= log.offset) {
                return 0;
            }
            log.fresh = false;
            log.lastActiveMillis = now;
            log.offset = position.offset();
            String positioned = WireFormat.positioned(frame, room, log.epoch, position.offset());
            keep(log, position.offset(), positioned, now);
            return handOut.applyAsInt(positioned);
        });
        evictBeyondBound();
        return handed;
    }

    /**
     * A join in a cluster, run in the order of this node's deliveries, after the node follows the room and read
     * {@code snapshot} from the shared store. When the room had no other member here ({@code occupied} false) and this
     * node's view is behind the snapshot (or of another epoch), the view moves to the snapshot's position: arrivals up
     * to it are then dropped as already known. Otherwise the view stays what this node delivered, and the publications
     * up to it come from the snapshot and from what this node kept. Adds the member through {@code admit} and recovers from {@code since} as
     * {@link #join} does.
     */
    public Optional<Admission> join(String room, Optional<Position> since, HistorySnapshot snapshot,
                                    BooleanSupplier occupied, BooleanSupplier admit, Consumer<String> send) {
        long now = clock.millis();
        return locked(room, log -> {
            boolean others = occupied.getAsBoolean();
            if (!admit.getAsBoolean()) {
                if (log.fresh) {
                    drop(log);
                }
                return Optional.empty();
            }
            log.fresh = false;
            log.lastActiveMillis = now;
            expire(log, now);
            Position stored = snapshot.position();
            if (!others) {
                if (!stored.epoch().equals(log.epoch)) {
                    restart(log, stored.epoch(), stored.offset());
                } else if (stored.offset() > log.offset) {
                    log.offset = stored.offset();
                }
                // Else the lane already handed out (to nobody here) more than the read saw: this node keeps them.
            }
            Position position = new Position(log.epoch, log.offset);
            return Optional.of(new Admission(position, since.map(from -> recover(log, from, snapshot, send))));
        });
    }

    /** The room's current position, and the latest {@code limit} publications held, oldest first. */
    public HistoryRead read(String room, int limit) {
        long now = clock.millis();
        return locked(room, log -> {
            expire(log, now);
            List<String> latest = new ArrayList<>(Math.min(limit, log.held.size()));
            Iterator<RoomLog.Held> newestFirst = log.held.descendingIterator();
            while (latest.size() < limit && newestFirst.hasNext()) {
                latest.add(newestFirst.next().frame());
            }
            Collections.reverse(latest);
            return new HistoryRead(new Position(log.epoch, log.offset), latest);
        });
    }

    /**
     * A history read from a shared store, its publications newest first: those still held (not older than the TTL
     * nor beyond the history size), oldest first, with their positions spliced on.
     */
    public HistoryRead held(String room, HistorySnapshot newestFirst) {
        Position position = newestFirst.position();
        long oldestHeld = Math.max(1, position.offset() - settings.size() + 1);
        List<String> frames = new ArrayList<>();
        for (StoredPublication stored : newestFirst.publications()) {
            if (stored.offset() < oldestHeld
                    || newestFirst.nowMillis() - stored.storedAtMillis() >= settings.ttl().toMillis()) {
                break;
            }
            frames.add(WireFormat.positioned(stored.frame(), room, position.epoch(), stored.offset()));
        }
        Collections.reverse(frames);
        return new HistoryRead(position, frames);
    }

    /** An epoch for a room's history that has none yet: random, so that no restart or flush repeats one. */
    public String newEpoch() {
        return epochs.get();
    }

    /** The room's current position; a room without state gets one, at offset 0 of a new epoch. */
    public Position position(String room) {
        return locked(room, log -> new Position(log.epoch, log.offset));
    }

    /**
     * Drops expired publications, and the state of every room that has neither members ({@code occupied} says) nor a
     * held publication and has been inactive for the TTL: a later publication there starts a new epoch.
     */
    public void expire(Predicate<String> occupied) {
        long now = clock.millis();
        for (RoomLog log : logs.values()) {
            synchronized (log) {
                if (log.dropped) {
                    continue;
                }
                expire(log, now);
                if (occupied.test(log.room)) {
                    log.lastActiveMillis = now;
                } else if (log.held.isEmpty() && now - log.lastActiveMillis >= settings.ttl().toMillis()) {
                    drop(log);
                }
            }
        }
    }

    /** Bytes of the frames held for all rooms, as the memory bound counts them. */
    public long heldBytes() {
        return heldBytes.get();
    }

    /** Rooms with state (an epoch and an offset) on this server. */
    public int roomsWithState() {
        return logs.size();
    }

    /**
     * What a frame costs the memory bound: two bytes per character (an upper bound of a Java string's payload) plus
     * {@link #ENTRY_OVERHEAD_BYTES}.
     */
    static long cost(String frame) {
        return 2L * frame.length() + ENTRY_OVERHEAD_BYTES;
    }

    private RecoveryOutcome recover(RoomLog log, Position from, Consumer<String> send) {
        if (!from.epoch().equals(log.epoch) || from.offset() > log.offset) {
            return RecoveryOutcome.EPOCH_CHANGED;
        }
        long missed = log.offset - from.offset();
        if (missed == 0) {
            return RecoveryOutcome.RECOVERED;
        }
        RoomLog.Held oldest = log.held.peekFirst();
        if (oldest == null || oldest.offset() > from.offset() + 1) {
            return RecoveryOutcome.TOO_OLD;
        }
        if (missed > settings.recoveryMax()) {
            return RecoveryOutcome.TOO_MANY;
        }
        for (RoomLog.Held held : log.held) {
            if (held.offset() > from.offset()) {
                send.accept(held.frame());
            }
        }
        return RecoveryOutcome.RECOVERED;
    }

    /**
     * Recovery from the publications this node kept and those of the snapshot (its epoch permitting, each not older
     * than the TTL nor beyond the history size): all of {@code (from, log.offset]} or, with a reason, none.
     */
    private RecoveryOutcome recover(RoomLog log, Position from, HistorySnapshot snapshot, Consumer<String> send) {
        if (!from.epoch().equals(log.epoch) || from.offset() > log.offset) {
            return RecoveryOutcome.EPOCH_CHANGED;
        }
        long missed = log.offset - from.offset();
        if (missed == 0) {
            return RecoveryOutcome.RECOVERED;
        }
        Map<Long, String> available = new HashMap<>();
        if (snapshot.position().epoch().equals(log.epoch)) {
            long oldestHeld = Math.max(1, snapshot.position().offset() - settings.size() + 1);
            long ttl = settings.ttl().toMillis();
            for (StoredPublication stored : snapshot.publications()) {
                if (stored.offset() >= oldestHeld && snapshot.nowMillis() - stored.storedAtMillis() < ttl) {
                    available.put(stored.offset(), WireFormat.positioned(stored.frame(), log.room, log.epoch,
                            stored.offset()));
                }
            }
        }
        for (RoomLog.Held held : log.held) {
            if (held.offset() > from.offset()) {
                available.putIfAbsent(held.offset(), held.frame());
            }
        }
        if (!settings.enabled() || !available.containsKey(from.offset() + 1)) {
            return RecoveryOutcome.TOO_OLD;
        }
        if (missed > settings.recoveryMax()) {
            return RecoveryOutcome.TOO_MANY;
        }
        List<String> frames = new ArrayList<>((int) missed);
        for (long offset = from.offset() + 1; offset <= log.offset; offset++) {
            String frame = available.get(offset);
            if (frame == null) {
                // A gap this node never received (its subscription was down) that the snapshot does not cover.
                return RecoveryOutcome.TOO_OLD;
            }
            frames.add(frame);
        }
        frames.forEach(send);
        return RecoveryOutcome.RECOVERED;
    }

    /** Starts the room's view afresh at a position of a (new) epoch: what was held belongs to the old one. */
    private void restart(RoomLog log, String epoch, long offset) {
        while (!log.held.isEmpty()) {
            forgetOldest(log);
        }
        forgetIfEmpty(log);
        log.epoch = epoch;
        log.offset = offset;
    }

    private <T> T locked(String room, Function<RoomLog, T> action) {
        while (true) {
            RoomLog log = logs.computeIfAbsent(room, name -> new RoomLog(name, epochs.get(), clock.millis()));
            synchronized (log) {
                if (!log.dropped) {
                    return action.apply(log);
                }
            }
        }
    }

    private void keep(RoomLog log, long offset, String frame, long now) {
        if (!settings.enabled()) {
            return;
        }
        long cost = cost(frame);
        log.held.addLast(new RoomLog.Held(offset, frame, now, cost));
        log.bytes += cost;
        heldBytes.addAndGet(cost);
        while (log.held.size() > settings.size()) {
            forgetOldest(log);
        }
        synchronized (byLastPublication) {
            byLastPublication.put(log.room, log);
        }
    }

    private void expire(RoomLog log, long now) {
        long ttl = settings.ttl().toMillis();
        boolean expired = false;
        while (!log.held.isEmpty() && now - log.held.peekFirst().publishedAtMillis() >= ttl) {
            forgetOldest(log);
            expired = true;
        }
        if (expired) {
            forgetIfEmpty(log);
        }
    }

    private void forgetOldest(RoomLog log) {
        RoomLog.Held oldest = log.held.removeFirst();
        log.bytes -= oldest.bytes();
        heldBytes.addAndGet(-oldest.bytes());
    }

    private void forgetIfEmpty(RoomLog log) {
        if (log.held.isEmpty()) {
            synchronized (byLastPublication) {
                byLastPublication.remove(log.room, log);
            }
        }
    }

    private void drop(RoomLog log) {
        while (!log.held.isEmpty()) {
            forgetOldest(log);
        }
        forgetIfEmpty(log);
        log.dropped = true;
        logs.remove(log.room, log);
    }

    // Outside any room's lock: a room's lock is never taken while holding the order's, so two publishers evicting
    // each other's rooms cannot deadlock.
    private void evictBeyondBound() {
        while (heldBytes.get() > settings.memoryBytes()) {
            RoomLog eldest;
            synchronized (byLastPublication) {
                Iterator<RoomLog> order = byLastPublication.values().iterator();
                if (!order.hasNext()) {
                    return;
                }
                eldest = order.next();
            }
            synchronized (eldest) {
                while (heldBytes.get() > settings.memoryBytes() && !eldest.held.isEmpty()) {
                    forgetOldest(eldest);
                }
                if (eldest.held.isEmpty()) {
                    synchronized (byLastPublication) {
                        byLastPublication.remove(eldest.room, eldest);
                    }
                }
            }
        }
    }

    private static String randomEpoch() {
        char[] epoch = new char[EPOCH_LENGTH];
        for (int i = 0; i < epoch.length; i++) {
            epoch[i] = EPOCH_ALPHABET[RANDOM.nextInt(EPOCH_ALPHABET.length)];
        }
        return new String(epoch);
    }
}
