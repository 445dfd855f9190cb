package dev.eventsgateway.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code recovery}: a member leaves its room (closes), {@code bench.recoveryMessages} publications go to the room, the
 * member connects again and joins with {@code since}; measured from sending that join to the last recovered frame,
 * checked for every offset once and in order. Two unrecorded repetitions, then {@code bench.recoveries}; gateway only.
 */
final class RecoveryScenario implements Scenario {

    private static final int WARMUP = 2;
    private static final long WAIT_SECONDS = 60;

    private final int messages;

    RecoveryScenario(int messages) {
        this.messages = messages;
    }

    @Override
    public String name() {
        return "recovery";
    }

    /** History and recovery both large enough for the whole gap. */
    @Override
    public Map<String, String> serverSettings() {
        return Map.of("EVENTS_HISTORY_SIZE", String.valueOf(messages), "EVENTS_RECOVERY_MAX", String.valueOf(messages));
    }

    @Override
    public boolean supports(Target target) {
        return target == Target.GATEWAY;
    }

    @Override
    public List<Result> run(Bench bench, Target target) {
        bench.awaitQuietServer();
        var results = new ArrayList<Result>();
        for (int repetition = 1 - WARMUP; repetition <= bench.settings.recoveries(); repetition++) {
            Map<String, Object> figures = repetition(bench, target, "recovery-" + (repetition + WARMUP));
            if (repetition >= 1) {
                results.add(new Result(bench.serverName, name(), target.label(), repetition, figures));
            }
        }
        return results;
    }

    private Map<String, Object> repetition(Bench bench, Target target, String room) {
        Peer publisher = bench.fleet.open(target.uri(bench.base(), bench.secret(), "recovery-publisher", room, true),
                false, true, 0);
        Peer member = bench.fleet.open(target.uri(bench.base(), bench.secret(), "recovery-member", room, false), false,
                true, 1);
        Peer returning = null;
        try {
            publisher.request(Target.join(room, 0)).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
            String joined = member.request(Target.join(room, 1)).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
            String epoch = Positions.epoch(joined);
            long since = Positions.offset(joined);
            bench.fleet.closeAll(List.of(member));
            String padding = bench.padding();
            for (int i = 1; i <= messages; i++) {
                publisher.request(target.message("recovery-publisher", room, System.nanoTime(), padding, i))
                        .orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
            }

            returning = bench.fleet.open(target.uri(bench.base(), bench.secret(), "recovery-member", room, false),
                    false, true, 1);
            var offsets = new ArrayList<Long>(messages);
            var all = new CountDownLatch(messages);
            long[] lastNanos = {0};
            returning.watchMessages(frame -> {
                synchronized (offsets) {
                    offsets.add(Positions.offset(frame));
                    lastNanos[0] = System.nanoTime();
                }
                all.countDown();
            });
            long start = System.nanoTime();
            String ack = returning.request(Positions.since(room, 2, epoch, since))
                    .orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
            long ackNanos = System.nanoTime() - start;
            if (!Positions.recovered(ack)) {
                throw new IllegalStateException("the rejoin did not recover: " + ack);
            }
            boolean complete = all.await(WAIT_SECONDS, TimeUnit.SECONDS);
            var figures = new LinkedHashMap<String, Object>();
            synchronized (offsets) {
                String problem = Positions.gapOrDisorder(offsets, since, messages);
                figures.put("messages", messages);
                figures.put("recoveredFrames", offsets.size());
                figures.put("inOrder", problem == null ? 1 : 0);
                if (problem != null) {
                    figures.put("problem", problem);
                }
                figures.put("recoveryMs", complete ? (lastNanos[0] - start) / 1e6 : Double.NaN);
            }
            figures.put("ackMs", ackNanos / 1e6);
            return figures;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            var peers = new ArrayList<>(List.of(publisher, member));
            if (returning != null) {
                peers.add(returning);
            }
            bench.fleet.closeAll(peers);
        }
    }
}
