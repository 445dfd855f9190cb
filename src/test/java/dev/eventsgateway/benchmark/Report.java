package dev.eventsgateway.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The table for people: medians over the runs per server, scenario and target, and the gateway/baseline CPU ratio. */
final class Report {

    private Report() {
    }

    static String table(List<Result> results) {
        var groups = new LinkedHashMap<String, List<Result>>();
        for (Result result : results) {
            groups.computeIfAbsent(result.server() + "|" + result.scenario() + "|" + result.target(),
                    key -> new ArrayList<>()).add(result);
        }
        var out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%-8s %-10s %-8s %4s %12s %8s %8s %8s %8s %8s %10s %6s %6s %6s%n",
                "server", "scenario", "target", "runs", "deliv/s", "loss%", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "cpu us/msg", "ratio", "srvCPU", "cliCPU"));
        var connects = new StringBuilder();
        for (var group : groups.entrySet()) {
            List<Result> runs = group.getValue();
            Result first = runs.get(0);
            if ("connect".equals(first.scenario())) {
                connects.append(String.format(Locale.ROOT, "%-8s %-8s %4d %8.0f %10.0f %12.1f %12.1f %12.1f%n",
                        first.server(), first.target(), runs.size(), median(runs, r -> r.number("connections")),
                        median(runs, r -> r.number("connectsPerSec")),
                        median(runs, r -> r.number("serverCpuUsPerConnection")),
                        median(runs, r -> r.number("rssKbPerConnection")),
                        median(runs, r -> r.number("rssRawKbPerConnection"))));
                continue;
            }
            double cpu = median(runs, r -> r.number("serverCpuUsPerDelivery"));
            String ratio = "";
            if ("gateway".equals(first.target())) {
                List<Result> bare = groups.get(first.server() + "|" + first.scenario() + "|bare");
                if (bare != null) {
                    ratio = String.format(Locale.ROOT, "%.2f", cpu / median(bare, r -> r.number("serverCpuUsPerDelivery")));
                }
            }
            out.append(String.format(Locale.ROOT, "%-8s %-10s %-8s %4d %12.0f %8.3f %8.1f %8.1f %8.1f %8.1f %10.2f %6s %6.2f %6.2f%n",
                    first.server(), first.scenario(), first.target(), runs.size(),
                    median(runs, r -> r.number("deliveriesPerSec")), median(runs, r -> r.number("lossPct")),
                    median(runs, r -> r.number("p50Ms")), median(runs, r -> r.number("p90Ms")),
                    median(runs, r -> r.number("p99Ms")), median(runs, r -> r.number("maxMs")), cpu, ratio,
                    median(runs, r -> r.number("serverCores")), median(runs, r -> r.number("clientCores"))));
        }
        if (connects.length() > 0) {
            out.append(String.format(Locale.ROOT, "%n%-8s %-8s %4s %8s %10s %12s %12s %12s%n", "server", "target", "runs",
                    "conns", "conn/s", "cpu us/conn", "RSS KB/conn", "raw KB/conn")).append(connects);
        }
        out.append("(medians over the runs; ratio = gateway CPU per delivery / bare baseline CPU per delivery; "
                + "srvCPU and cliCPU in cores of this machine)\n");
        return out.toString();
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
