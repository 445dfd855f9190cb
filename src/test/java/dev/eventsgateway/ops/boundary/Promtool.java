package dev.eventsgateway.ops.boundary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Prometheus' own checker of the text exposition format ({@code promtool check metrics}, Debian package prometheus). */
public final class Promtool {

    private Promtool() {
    }

    public static boolean available() {
        return executable() != null;
    }

    /** promtool's complaints; empty when the exposition passes. */
    public static String check(String exposition) {
        try {
            Process process = new ProcessBuilder(executable().toString(), "check", "metrics")
                    .redirectErrorStream(true).start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool did not finish within 30 s");
            }
            return process.exitValue() == 0 ? "" : "exit " + process.exitValue() + ": " + output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Path executable() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst().orElse(null);
    }
}
