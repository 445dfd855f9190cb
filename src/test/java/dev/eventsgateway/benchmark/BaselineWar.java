package dev.eventsgateway.benchmark;

import dev.eventsgateway.benchmark.bare.BareEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Packages the bare endpoint from the test classes as {@code baseline.war}, at context root {@code /baseline}. */
final class BaselineWar {

    static final String CONTEXT_ROOT = "/baseline";

    private BaselineWar() {
    }

    static Path write(Path directory) {
        Path war = directory.resolve("baseline.war");
        String classFile = BareEndpoint.class.getName().replace('.', '/') + ".class";
        try (InputStream bytes = BareEndpoint.class.getClassLoader().getResourceAsStream(classFile)) {
            if (bytes == null) {
                throw new IllegalStateException("no " + classFile + " on the class path");
            }
            Files.createDirectories(directory);
            try (OutputStream out = Files.newOutputStream(war); var zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("WEB-INF/classes/" + classFile));
                bytes.transferTo(zip);
                zip.closeEntry();
                text(zip, "WEB-INF/glassfish-web.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        + "<glassfish-web-app><context-root>" + CONTEXT_ROOT + "</context-root></glassfish-web-app>\n");
                text(zip, "WEB-INF/jboss-web.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        + "<jboss-web><context-root>" + CONTEXT_ROOT + "</context-root></jboss-web>\n");
            }
            return war;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + war, e);
        }
    }

    private static void text(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
