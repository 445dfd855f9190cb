package dev.eventsgateway.benchmark;

import java.util.List;
import java.util.Map;

/** One kind of load, run against one target: a warm-up window, then {@code bench.runs} measured windows. */
interface Scenario {

    /** The gateway setting that turns history off, for the {@code -nohist} variants. */
    Map<String, String> HISTORY_OFF = Map.of("EVENTS_HISTORY_SIZE", "0");

    String name();

    List<Result> run(Bench bench, Target target);

    /** Gateway settings this scenario's server needs besides the benchmark's; scenarios with equal ones share a server. */
    default Map<String, String> serverSettings() {
        return Map.of();
    }

    default boolean supports(Target target) {
        return true;
    }

    /**
     * The scenarios {@code bench.scenario} names with this one: for fanout and fanout-max one per {@code bench.history}
     * value. {@code cluster} starts servers of its own and is a {@link ClusterScenario}, which Benchmark runs.
     */
    static List<Scenario> named(String name, BenchSettings settings) {
        return switch (name) {
            case "fanout" -> settings.history().stream().<Scenario>map(on -> new FanoutScenario(false, on)).toList();
            case "fanout-max" -> settings.history().stream().<Scenario>map(on -> new FanoutScenario(true, on)).toList();
            case "connect" -> List.of(new ConnectScenario());
            case "rooms" -> List.of(new RoomsScenario());
            case "recovery" -> List.of(new RecoveryScenario(settings.recoveryMessages()));
            default -> throw new IllegalArgumentException("bench.scenario must be fanout, fanout-max, connect, rooms, "
                    + "recovery or cluster, not " + name);
        };
    }

    /** The suffix of a scenario run with history off. */
    static String historySuffix(boolean historyOn) {
        return historyOn ? "" : "-nohist";
    }
}
