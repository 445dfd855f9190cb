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
}
