package dev.eventsgateway.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The tables for people: medians over the runs per server, scenario and target, the gateway/baseline CPU ratio, and
 * every figure as a ratio to the Node reference measured in the same run.
 */
final class Report {

    private static final List<String> DELIVERY_FIGURES = List.of("deliveriesPerSec", "p50Ms", "p90Ms", "p99Ms",
            "maxMs", "serverCpuUsPerDelivery", "serverCores");
    private static final List<String> CONNECT_FIGURES = List.of("connectsPerSec", "serverCpuUsPerConnection",
            "rssKbPerConnection", "rssRawKbPerConnection");

    private Report() {
    }

    static String table(List<Result> results) {
        var groups = new LinkedHashMap<String, List<Result>>();
        for (Result result : results) {
            groups.computeIfAbsent(key(result.server(), result.scenario(), result.target()),
                    key -> new ArrayList<>()).add(result);
        }
        var deliveries = new StringBuilder();
        var connects = new StringBuilder();
        var deliveryRatios = new StringBuilder();
        var connectRatios = new StringBuilder();
        var recoveries = new StringBuilder();
        for (var group : groups.entrySet()) {
            List<Result> runs = group.getValue();
            Result first = runs.get(0);
            if ("recovery".equals(first.scenario())) {
                recoveries.append(String.format(Locale.ROOT, "%-8s %4d %8.0f %12.1f %12.1f %12.1f %10.0f %8s%n",
                        first.server(), runs.size(), median(runs, r -> r.number("messages")),
                        median(runs, r -> r.number("recoveryMs")), max(runs, "recoveryMs"),
                        median(runs, r -> r.number("ackMs")), min(runs, "recoveredFrames"),
                        min(runs, "inOrder") == 1 ? "yes" : "NO"));
                continue;
            }
            List<Result> node = "node".equals(first.target()) ? null
                    : groups.get(key(first.server(), first.scenario(), "node"));
            if ("connect".equals(first.scenario())) {
                connects.append(String.format(Locale.ROOT, "%-8s %-8s %4d %8.0f %10.0f %12.1f %12.1f %12.1f%n",
                        first.server(), first.target(), runs.size(), median(runs, r -> r.number("connections")),
                        median(runs, r -> r.number("connectsPerSec")),
                        median(runs, r -> r.number("serverCpuUsPerConnection")),
                        median(runs, r -> r.number("rssKbPerConnection")),
                        median(runs, r -> r.number("rssRawKbPerConnection"))));
                if (node != null) {
                    connectRatios.append(String.format(Locale.ROOT, "%-8s %-8s%s%n", first.server(), first.target(),
                            ratios(runs, node, CONNECT_FIGURES, 12)));
                }
                continue;
            }
            double cpu = median(runs, r -> r.number("serverCpuUsPerDelivery"));
            String ratio = "";
            if ("gateway".equals(first.target())) {
                List<Result> bare = groups.get(key(first.server(), first.scenario(), "bare"));
                if (bare != null) {
                    ratio = Ratio.of(cpu, median(bare, r -> r.number("serverCpuUsPerDelivery")));
                }
            }
            deliveries.append(String.format(Locale.ROOT, "%-8s %-14s %-8s %4d %12.0f %8.3f %8.1f %8.1f %8.1f %8.1f %10.2f %6s %6.2f %6.2f%n",
                    first.server(), first.scenario(), first.target(), runs.size(),
                    median(runs, r -> r.number("deliveriesPerSec")), median(runs, r -> r.number("lossPct")),
                    median(runs, r -> r.number("p50Ms")), median(runs, r -> r.number("p90Ms")),
                    median(runs, r -> r.number("p99Ms")), median(runs, r -> r.number("maxMs")), cpu, ratio,
                    median(runs, r -> r.number("serverCores")), median(runs, r -> r.number("clientCores"))));
            if (node != null) {
                deliveryRatios.append(String.format(Locale.ROOT, "%-8s %-14s %-8s%s%n", first.server(), first.scenario(),
                        first.target(), ratios(runs, node, DELIVERY_FIGURES, 10)));
            }
        }
        var out = new StringBuilder();
        if (deliveries.length() > 0) {
            out.append(String.format(Locale.ROOT, "%n%-8s %-14s %-8s %4s %12s %8s %8s %8s %8s %8s %10s %6s %6s %6s%n",
                    "server", "scenario", "target", "runs", "deliv/s", "loss%", "p50 ms", "p90 ms", "p99 ms", "max ms",
                    "cpu us/msg", "ratio", "srvCPU", "cliCPU")).append(deliveries);
        }
        if (connects.length() > 0) {
            out.append(String.format(Locale.ROOT, "%n%-8s %-8s %4s %8s %10s %12s %12s %12s%n", "server", "target", "runs",
                    "conns", "conn/s", "cpu us/conn", "RSS KB/conn", "raw KB/conn")).append(connects);
        }
        out.append("(medians over the runs; ratio = gateway CPU per delivery / bare baseline CPU per delivery; "
                + "srvCPU and cliCPU in cores of this machine)\n");
        if (recoveries.length() > 0) {
            out.append(String.format(Locale.ROOT, "%nRecovery on rejoin with since (time from sending the join to the "
                    + "last recovered frame):%n%-8s %4s %8s %12s %12s %12s %10s %8s%n", "server", "reps", "messages",
                    "median ms", "max ms", "ack ms", "min frames", "inOrder")).append(recoveries);
        }
        out.append(historyAndCluster(groups));
        if (deliveryRatios.length() > 0 || connectRatios.length() > 0) {
            out.append(String.format(Locale.ROOT, "%nAs multiples of the Node reference in the same run "
                    + "(target median / node median):%n"));
        }
        if (deliveryRatios.length() > 0) {
            out.append(String.format(Locale.ROOT, "%-8s %-14s %-8s %10s %10s %10s %10s %10s %10s %10s%n", "server",
                    "scenario", "target", "deliv/s", "p50", "p90", "p99", "max", "cpu/deliv", "srvCPU"))
                    .append(deliveryRatios);
        }
        if (connectRatios.length() > 0) {
            out.append(String.format(Locale.ROOT, "%-8s %-8s %12s %12s %12s %12s%n", "server", "target", "conn/s",
                    "cpu/conn", "RSS/conn", "raw/conn")).append(connectRatios);
        }
        return out.toString();
    }

    /**
     * Gateway CPU per delivery with history on over the same with history off (scenario and its {@code -nohist}
     * variant), and every cluster scenario against the single-node fan-out of the same run and history setting.
     */
    private static String historyAndCluster(Map<String, List<Result>> groups) {
        var history = new StringBuilder();
        var cluster = new StringBuilder();
        String off = Scenario.historySuffix(false);
        for (List<Result> runs : groups.values()) {
            Result first = runs.get(0);
            if (!"gateway".equals(first.target())) {
                continue;
            }
            if (first.scenario().endsWith(off)) {
                String base = first.scenario().substring(0, first.scenario().length() - off.length());
                List<Result> on = groups.get(key(first.server(), base, "gateway"));
                if (on != null) {
                    double cpuOn = median(on, r -> r.number("serverCpuUsPerDelivery"));
                    double cpuOff = median(runs, r -> r.number("serverCpuUsPerDelivery"));
                    history.append(String.format(Locale.ROOT, "%-8s %-14s %12.2f %12.2f %8s%n", first.server(), base,
                            cpuOn, cpuOff, Ratio.of(cpuOn, cpuOff)));
                }
            }
            if (first.scenario().startsWith("cluster")) {
                String single = "fanout" + first.scenario().substring("cluster".length());
                List<Result> node = groups.get(key(first.server(), single, "gateway"));
                cluster.append(String.format(Locale.ROOT, "%-8s %-14s %10.2f %10.2f %10.2f %10.2f %8s %8s %8s%n",
                        first.server(), first.scenario(), median(runs, r -> r.number("serverCpuUsPerDelivery")),
                        median(runs, r -> r.number("nodeACpuUsPerDelivery")),
                        median(runs, r -> r.number("nodeBCpuUsPerDelivery")),
                        median(runs, r -> r.number("redisCpuUsPerDelivery")),
                        node == null ? Ratio.UNDEFINED : ratioOfMedians(runs, node, "serverCpuUsPerDelivery"),
                        node == null ? Ratio.UNDEFINED : ratioOfMedians(runs, node, "p99Ms"),
                        node == null ? Ratio.UNDEFINED : ratioOfMedians(runs, node, "deliveriesPerSec")));
            }
        }
        var out = new StringBuilder();
        if (history.length() > 0) {
            out.append(String.format(Locale.ROOT, "%nHistory on/off, gateway CPU per delivery (us, medians):%n"
                    + "%-8s %-14s %12s %12s %8s%n", "server", "scenario", "history on", "history off", "on/off"))
                    .append(history);
        }
        if (cluster.length() > 0) {
            out.append(String.format(Locale.ROOT, "%nCluster (two nodes and Redis) against one node's fan-out of the "
                    + "same run (us per delivery, medians; x1 = cluster / single node):%n"
                    + "%-8s %-14s %10s %10s %10s %10s %8s %8s %8s%n", "server", "scenario", "both nodes", "node A",
                    "node B", "redis", "cpu x1", "p99 x1", "deliv x1")).append(cluster);
        }
        return out.toString();
    }

    private static String ratioOfMedians(List<Result> runs, List<Result> reference, String figure) {
        return Ratio.of(median(runs, r -> r.number(figure)), median(reference, r -> r.number(figure)));
    }

    private static double max(List<Result> runs, String figure) {
        return runs.stream().mapToDouble(r -> r.number(figure)).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    private static double min(List<Result> runs, String figure) {
        return runs.stream().mapToDouble(r -> r.number(figure)).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
    }

    private static String key(String server, String scenario, String target) {
        return server + "|" + scenario + "|" + target;
    }

    /** The medians of these figures over the runs, each divided by the Node reference's median, in columns. */
    private static String ratios(List<Result> runs, List<Result> node, List<String> figures, int width) {
        var line = new StringBuilder();
        for (String figure : figures) {
            String ratio = Ratio.of(median(runs, r -> r.number(figure)), median(node, r -> r.number(figure)));
            line.append(String.format(Locale.ROOT, " %" + width + "s", ratio));
        }
        return line.toString();
    }

    static Map<String, Double> medians(List<Result> runs, List<String> names) {
        var medians = new LinkedHashMap<String, Double>();
        names.forEach(name -> medians.put(name, median(runs, r -> r.number(name))));
        return medians;
    }

    static double median(List<Result> runs, ToDoubleFunction<Result> figure) {
        double[] values = runs.stream().mapToDouble(figure).filter(value -> !Double.isNaN(value)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
