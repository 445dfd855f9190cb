package dev.eventsgateway.benchmark;

import java.util.List;

/** One kind of load, run against one target: a warm-up window, then {@code bench.runs} measured windows. */
interface Scenario {

    String name();

    List<Result> run(Bench bench, Target target);

    static Scenario named(String name) {
        return switch (name) {
            case "fanout" -> new FanoutScenario(false);
            case "fanout-max" -> new FanoutScenario(true);
            case "connect" -> new ConnectScenario();
            case "rooms" -> new RoomsScenario();
            default -> throw new IllegalArgumentException("bench.scenario must be fanout, fanout-max, connect or rooms, not "
                    + name);
        };
    }
}
