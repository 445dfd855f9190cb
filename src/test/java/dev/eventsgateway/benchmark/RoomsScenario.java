package dev.eventsgateway.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code rooms}: R rooms of M members each; a paced sender lets the members take turns, {@code bench.roomRate}
 * messages a second in all, each to the member's own room (the sender gets its copy too).
 */
final class RoomsScenario implements Scenario {

    @Override
    public String name() {
        return "rooms";
    }

    @Override
    public List<Result> run(Bench bench, Target target) {
        var settings = bench.settings;
        int count = settings.rooms() * settings.members();
        List<Peer> members = bench.fleet.openAll(count, i -> target.uri(bench.base(), bench.secret(), "member-" + i,
                room(bench, i), false), true, target.awaitsConnected());
        try {
            if (target.joinsByFrame()) {
                bench.fleet.requestAll(members, i -> Target.join(room(bench, i), 1));
            }
            bench.awaitQuietServer();
            window(bench, target, members, settings.warmupSeconds());
            var results = new ArrayList<Result>();
            for (int run = 1; run <= settings.runs(); run++) {
                results.add(new Result(bench.serverName, name(), target.label(), run,
                        window(bench, target, members, settings.durationSeconds())));
            }
            return results;
        } finally {
            bench.fleet.closeAll(members);
        }
    }

    private static String room(Bench bench, int member) {
        return "room-" + member / bench.settings.members();
    }

    private Map<String, Object> window(Bench bench, Target target, List<Peer> members, int seconds) {
        String padding = bench.padding();
        var measurement = new Measurement(bench);
        long end = measurement.startNanos() + TimeUnit.SECONDS.toNanos(seconds);
        long period = TimeUnit.SECONDS.toNanos(1) / bench.settings.roomRate();
        long sent = 0;
        long skipped = 0;
        int turn = 0;
        for (long next = measurement.startNanos(); next < end; next += period) {
            Bench.pauseUntil(next);
            Peer member = members.get(turn);
            if (member.idle()) {
                member.send(target.message("member-" + turn, room(bench, turn), next, padding, -1));
                sent++;
            } else {
                skipped++;
            }
            turn = (turn + 1) % members.size();
        }
        var figures = new LinkedHashMap<String, Object>();
        figures.put("rooms", bench.settings.rooms());
        figures.put("members", bench.settings.members());
        figures.put("targetRate", bench.settings.roomRate());
        figures.put("skippedSends", skipped);
        figures.putAll(measurement.finish(sent, sent * bench.settings.members()));
        return figures;
    }
}
