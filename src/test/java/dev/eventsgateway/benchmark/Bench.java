package dev.eventsgateway.benchmark;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What a scenario works with against one target: the settings, the run's server name, the process serving the target
 * and its /proc figures, this JVM's, and the client fleet.
 */
final class Bench {

    private static final Logger LOG = System.getLogger(Bench.class.getName());

    final BenchSettings settings;
    /** The run's container (wildfly, payara, attached): every result of the run carries it, the Node reference's too. */
    final String serverName;
    final MeasuredServer server;
    final ProcStat serverProc;
    final ProcStat clientProc;
    final Fleet fleet;

    Bench(BenchSettings settings, String serverName, MeasuredServer server, Fleet fleet) {
        this.settings = settings;
        this.serverName = serverName;
        this.server = server;
        this.serverProc = new ProcStat(server.pid());
        this.clientProc = new ProcStat(ProcessHandle.current().pid());
        this.fleet = fleet;
    }

    URI base() {
        return server.base();
    }

    String secret() {
        return settings.secret();
    }

    /** Content padding so that a message's content is about {@code bench.contentBytes} long. */
    String padding() {
        return "x".repeat(Math.max(0, settings.contentBytes() - 22));
    }

    /** Waits until the server uses under a tenth of a core over half a second (at most 30 s): the last load is over. */
    void awaitQuietServer() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            long cpu = serverProc.cpuNanos();
            long start = System.nanoTime();
            pause(TimeUnit.MILLISECONDS.toNanos(500));
            double cores = (double) (serverProc.cpuNanos() - cpu) / (System.nanoTime() - start);
            if (cores < 0.1) {
                return;
            }
        }
        LOG.log(Level.WARNING, "server still busy after 30 s; measuring anyway");
    }

    /** Asks the server for a full GC, then lets it settle, so that a resident-set sample shows live memory. */
    boolean collectGarbage() {
        boolean collected = server.collectGarbage();
        pause(TimeUnit.MILLISECONDS.toNanos(500));
        return collected;
    }

    /** Parks until {@code nanos} have passed; the paced sender and the drain waits use it. */
    static void pause(long nanos) {
        long until = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    static void pauseUntil(long nanoTime) {
        pause(nanoTime - System.nanoTime());
    }
}
