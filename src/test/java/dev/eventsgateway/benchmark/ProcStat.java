package dev.eventsgateway.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's CPU time (utime + stime of {@code /proc/<pid>/stat}) and resident set ({@code VmRSS}). */
final class ProcStat {

    /** USER_HZ: the unit of utime and stime; 100 on every Linux this benchmark meets. */
    private static final long TICKS_PER_SECOND = Long.getLong("bench.clockTicks", 100);

    private final long pid;

    ProcStat(long pid) {
        this.pid = pid;
    }

    long pid() {
        return pid;
    }

    /** CPU time used so far, user and system, in nanoseconds (10 ms resolution). */
    long cpuNanos() {
        String stat = read("stat");
        // The command name (field 2) may hold spaces and parentheses: fields are counted after its closing one.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    }

    /** Resident set size in bytes. */
    long rssBytes() {
        for (String line : read("status").split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    /** Threads of the process. */
    int threads() {
        for (String line : read("status").split("\n")) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(pid), file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/" + file, e);
        }
    }
}
