package dev.eventsgateway.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * events-client.d.ts describes the client tightly: a typed usage file compiles under {@code tsc --strict}, and its
 * lines marked {@code @ts-expect-error} do not (tsc fails on an unused one).
 */
class EventsClientTypingsTest {

    /** Pinned, so that a new TypeScript release cannot change the verdict. */
    private static final String TYPESCRIPT = "5.9.3";
    private static final Path INSTALL = Path.of("target", "tsc");
    private static final Path TSC = INSTALL.resolve("node_modules/typescript/bin/tsc");
    private static final List<String> COMPILE = List.of("--noEmit", "--strict", "--target", "es2022",
            "--module", "es2022", "--moduleResolution", "bundler", "--lib", "es2022,dom",
            "src/test/typescript/events-client-usage.ts");
    private static final Duration INSTALL_LIMIT = Duration.ofMinutes(3);
    private static final Duration COMPILE_LIMIT = Duration.ofMinutes(2);

    @Test
    void typedUsageCompilesAndMisuseDoesNot() throws Exception {
        NodeTool.assumeOnPath("npm");
        installTypeScript();

        NodeTool.Run run = NodeTool.run(COMPILE_LIMIT,
                NodeTool.command(List.of("node", TSC.toString()), COMPILE));

        assertEquals(0, run.exitCode(), run::describe);
    }

    private static void installTypeScript() throws Exception {
        Path manifest = NodeTool.PROJECT.resolve(INSTALL).resolve("node_modules/typescript/package.json");
        if (Files.exists(manifest) && Files.readString(manifest).contains("\"version\": \"" + TYPESCRIPT + "\"")) {
            return;
        }
        NodeTool.Run install = NodeTool.run(INSTALL_LIMIT, "npm", "install", "--no-save", "--no-audit", "--no-fund",
                "--prefix", INSTALL.toString(), "typescript@" + TYPESCRIPT);
        assertEquals(0, install.exitCode(), install::describe);
    }
}
