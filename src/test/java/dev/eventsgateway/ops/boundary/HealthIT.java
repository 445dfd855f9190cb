package dev.eventsgateway.ops.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.GatewayLauncher;
import dev.eventsgateway.system.TestClient;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Liveness and readiness answer probes with JSON, and readiness turns 503 as soon as the server starts to stop. */
@ExtendWith(GatewayExtension.class)
class HealthIT {

    @Test
    void livenessAnswers200WithStatusUp(Gateway gateway) {
        assumeTrue(gateway.hasServletContainer(), "the probes are servlets");
        OpsHttp.Answer answer = OpsHttp.get(gateway.baseUri(), "/ops/health/live");
        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
        assertEquals("UP", answer.json().getString("status"));
    }

    @Test
    void readinessAnswers200OnceDeployed(Gateway gateway) {
        assumeTrue(gateway.hasServletContainer(), "the probes are servlets");
        OpsHttp.Answer answer = OpsHttp.get(gateway.baseUri(), "/ops/health/ready");
        assertEquals(200, answer.status(), answer.body());
        assertEquals("UP", answer.json().getString("status"));
        assertEquals("ready", answer.json().getString("phase"));
    }

    @Test
    void probesNeedNoOriginAndIgnoreAForeignOne(Gateway gateway) {
        assumeTrue(gateway.hasServletContainer(), "the probes are servlets");
        OpsHttp.Answer answer = OpsHttp.get(gateway.baseUri(), "/ops/health/ready",
                Map.of("Origin", "https://evil.example"));
        assertEquals(200, answer.status(), "the origin filter guards /events only: " + answer.body());
    }

    @Test
    void readinessIsNoLongerUpWhenClientsAreToldTheServerIsStopping(GatewayLauncher launcher) throws Exception {
        assumeTrue(launcher.canLaunch(), "needs a server of its own to stop");
        var server = launcher.launch(Map.of());
        Gateway gateway = server.gateway();
        TestClient client = gateway.connected("probe-watcher");
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::close);
        TestClient.Close close = client.awaitClose(Duration.ofSeconds(60));
        assertEquals(1001, close.code(), "close " + close);
        String answer = readiness(gateway);
        System.out.println("readiness after 1001 on " + gateway.targetName() + ": " + answer);
        assertFalse(answer.startsWith("200"), "ready after clients were told the server is going away: " + answer);
        stopped.get(90, TimeUnit.SECONDS);
    }

    /** The readiness status and body, or why there was none: a stopping server may refuse connections outright. */
    private static String readiness(Gateway gateway) {
        try {
            OpsHttp.Answer answer = OpsHttp.get(gateway.baseUri(), "/ops/health/ready");
            return answer.status() + " " + answer.body();
        } catch (UncheckedIOException refused) {
            return "no answer: " + refused.getCause();
        }
    }
}
