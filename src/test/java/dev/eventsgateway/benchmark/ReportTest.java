package dev.eventsgateway.benchmark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Result fanout(String target, int run, double cpu, double p99) {
        return new Result("wildfly", "fanout", target, run, Map.of("deliveriesPerSec", 50_000.0, "p50Ms", 10.0,
                "p90Ms", 20.0, "p99Ms", p99, "maxMs", 40.0, "serverCpuUsPerDelivery", cpu, "serverCores", 0.5,
                "clientCores", 1.0, "lossPct", 0.0));
    }

    private static Result connect(String target, double cpu, double rss) {
        return new Result("payara", "connect", target, 1, Map.of("connections", 1000, "connectsPerSec", 500.0,
                "serverCpuUsPerConnection", cpu, "rssKbPerConnection", rss, "rssRawKbPerConnection", rss));
    }

    private static String line(String table, String start) {
        return table.lines().filter(line -> line.replaceAll(" +", " ").startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + start + "' in\n" + table));
    }

    @Test
    void everyDeliveryFigureOfGatewayAndBaselineIsAMultipleOfTheNodeMedian() {
        String table = Report.table(List.of(
                fanout("gateway", 1, 15.0, 40.0), fanout("gateway", 2, 16.0, 60.0), fanout("gateway", 3, 14.0, 50.0),
                fanout("bare", 1, 10.0, 25.0),
                fanout("node", 1, 8.0, 20.0), fanout("node", 2, 7.0, 30.0), fanout("node", 3, 9.0, 10.0)));

        // medians: gateway cpu 15, p99 50; bare cpu 10, p99 25; node cpu 8, p99 20.
        assertTrue(line(table, "wildfly fanout gateway 1.00 1.00 1.00 2.50 1.00 1.88 1.00").endsWith("1.00"), table);
        assertTrue(line(table, "wildfly fanout bare 1.00 1.00 1.00 1.25 1.00 1.25 1.00").endsWith("1.00"), table);
        assertTrue(line(table, "wildfly fanout gateway 3 ").contains(" 1.50 "), "gateway/bare CPU column: " + table);
    }

    @Test
    void connectFiguresAreMultiplesOfTheNodeReferenceToo() {
        String table = Report.table(List.of(connect("gateway", 1200.0, 35.0), connect("node", 300.0, 7.0)));

        line(table, "payara gateway 1.00 4.00 5.00 5.00");
    }

    @Test
    void withoutTheNodeReferenceThereAreNoMultiples() {
        String table = Report.table(List.of(fanout("gateway", 1, 15.0, 40.0), fanout("bare", 1, 10.0, 25.0)));

        assertFalse(table.contains("multiples of the Node reference"), table);
    }

    private static Result delivery(String server, String scenario, int run, Map<String, Object> extra) {
        var figures = new java.util.HashMap<String, Object>(Map.of("deliveriesPerSec", 50_000.0, "p50Ms", 10.0,
                "p99Ms", 40.0, "serverCpuUsPerDelivery", 10.0, "serverCores", 0.5, "lossPct", 0.0));
        figures.putAll(extra);
        return new Result(server, scenario, "gateway", run, figures);
    }

    @Test
    void historyOnIsComparedWithHistoryOffOfTheSameServer() {
        String table = Report.table(List.of(
                delivery("payara", "fanout", 1, Map.of("serverCpuUsPerDelivery", 11.0)),
                delivery("payara", "fanout", 2, Map.of("serverCpuUsPerDelivery", 13.0)),
                delivery("payara", "fanout-nohist", 1, Map.of("serverCpuUsPerDelivery", 10.0)),
                delivery("wildfly", "fanout-nohist", 1, Map.of("serverCpuUsPerDelivery", 9.0))));

        line(table, "payara fanout 12.00 10.00 1.20");
        assertFalse(table.lines().anyMatch(l -> l.startsWith("wildfly  fanout ") && l.contains(" 9.00 ")), table);
    }

    @Test
    void aClusterIsComparedWithTheSingleNodeFanoutOfItsHistorySetting() {
        String table = Report.table(List.of(
                delivery("wildfly", "fanout", 1, Map.of("p99Ms", 20.0)),
                delivery("wildfly", "fanout-nohist", 1, Map.of("serverCpuUsPerDelivery", 5.0)),
                delivery("wildfly", "cluster", 1, Map.of("serverCpuUsPerDelivery", 25.0, "p99Ms", 50.0,
                        "deliveriesPerSec", 25_000.0, "nodeACpuUsPerDelivery", 30.0, "nodeBCpuUsPerDelivery", 20.0,
                        "redisCpuUsPerDelivery", 1.5)),
                delivery("wildfly", "cluster-nohist", 1, Map.of("serverCpuUsPerDelivery", 20.0))));

        line(table, "wildfly cluster 25.00 30.00 20.00 1.50 2.50 2.50 0.50");
        line(table, "wildfly cluster-nohist 20.00 NaN NaN NaN 4.00 1.00 1.00");
    }

    @Test
    void recoveryShowsTheMedianTimeAndWhetherEveryRepetitionWasInOrder() {
        String table = Report.table(List.of(
                new Result("wildfly", "recovery", "gateway", 1, Map.of("messages", 300, "recoveryMs", 30.0,
                        "ackMs", 5.0, "recoveredFrames", 300, "inOrder", 1)),
                new Result("wildfly", "recovery", "gateway", 2, Map.of("messages", 300, "recoveryMs", 50.0,
                        "ackMs", 7.0, "recoveredFrames", 300, "inOrder", 1)),
                new Result("wildfly", "recovery", "gateway", 3, Map.of("messages", 300, "recoveryMs", 40.0,
                        "ackMs", 6.0, "recoveredFrames", 299, "inOrder", 0, "problem", "299 frames, expected 300"))));

        line(table, "wildfly 3 300 40.0 50.0 6.0 299 NO");
        assertFalse(table.contains("deliv/s"), "no empty delivery table: " + table);
    }
}
