package dev.eventsgateway.webapp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs Node.js tools (node, npm) from the project directory for the tests of the browser client's sources. */
final class NodeTool {

    /** Where the project's files are: surefire runs in the module directory. */
    static final Path PROJECT = Path.of("").toAbsolutePath();

    private NodeTool() {
    }

    /** The result of one finished command. */
    record Run(List<String> command, int exitCode, String output) {
        String describe() {
            return String.join(" ", command) + " exited with " + exitCode + ":\n" + output;
        }
    }

    /** Skips the calling test, with the reason, when this executable is not on the PATH. */
    static void assumeOnPath(String executable) {
        assumeTrue(onPath(executable), executable + " is not on the PATH: this test needs Node.js 20 with npm");
    }

    static boolean onPath(String executable) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, executable)).anyMatch(Files::isExecutable);
    }

    /** Runs the command in the project directory, stdout and stderr together, and waits up to the limit. */
    static Run run(Duration limit, String... command) {
        var builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true);
        builder.environment().put("NO_COLOR", "1");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process));
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + limit);
            }
            return new Run(List.of(command), process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot read the output of " + String.join(" ", command), e);
        }
    }

    /** The arguments of a command as one array, e.g. a fixed prefix followed by file names. */
    static String[] command(List<String> prefix, List<String> rest) {
        var all = new ArrayList<>(prefix);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    private static String read(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
