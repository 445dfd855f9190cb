package dev.eventsgateway.system;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Starts a separate gateway of the current target kind, with settings of its own, for tests that stop a server or
 * need other limits. Only real servers can: embedded Tyrus shares the test JVM's single CDI container.
 */
public final class GatewayLauncher {

    private final String targetName;
    private final Function<Map<String, String>, GatewayTarget> starter;

    GatewayLauncher(String targetName, Function<Map<String, String>, GatewayTarget> starter) {
        this.targetName = targetName;
        this.starter = starter;
    }

    public boolean canLaunch() {
        return !"embedded".equals(targetName);
    }

    /** A running gateway with the test settings plus these overrides; close it to stop the server. */
    public LaunchedGateway launch(Map<String, String> overrides) {
        if (!canLaunch()) {
            throw new IllegalStateException("the embedded target cannot launch a second gateway");
        }
        Map<String, String> settings = new HashMap<>(ServerSettings.values());
        settings.putAll(overrides);
        return new LaunchedGateway(starter.apply(settings));
    }

    /** A gateway of its own: {@link #gateway()} to talk to it, {@link #close()} stops it gracefully. */
    public static final class LaunchedGateway implements AutoCloseable {
        private final GatewayTarget target;
        private final Gateway gateway;

        LaunchedGateway(GatewayTarget target) {
            this.target = target;
            this.gateway = new Gateway(target);
        }

        public Gateway gateway() {
            return gateway;
        }

        /** Stops the server and starts it again on the same port: every connection drops, as in a redeploy. */
        public void restart() {
            target.restart();
        }

        /** Kills the server's process (SIGKILL), as a crash would; closing the handle afterwards is harmless. */
        public void kill() {
            target.kill();
        }

        /** Suspends the server's process (SIGSTOP) until the handle is closed (SIGCONT): it answers nothing meanwhile. */
        public GatewayTarget.Paused pause() {
            return target.pause();
        }

        @Override
        public void close() {
            target.close();
        }
    }
}
