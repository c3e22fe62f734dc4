package io.quapr.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;

/** Where things are: this module, its build folder, the packaged sidecar, the test resources. */
final class E2e {

    /** Tells this run's keys apart from those earlier runs left in Redis, PostgreSQL or moto. */
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private E2e() {
    }

    /** This module's folder (Failsafe passes it; the working directory otherwise). */
    static Path moduleDir() {
        return Path.of(System.getProperty("quapr.e2e.module-dir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    /** {@code target/} of this module. */
    static Path target() {
        return moduleDir().resolve("target");
    }

    /** A folder of resource YAML under {@code src/test/resources/}. */
    static Path resources(String folder) {
        Path p = moduleDir().resolve("src/test/resources").resolve(folder);
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("missing test resources folder " + p);
        }
        return p;
    }

    /** The packaged sidecar; fails, saying how to build it, when it has not been built. */
    static Path sidecarJar() {
        Path jar = Path.of(System.getProperty("quapr.e2e.sidecar-jar",
                moduleDir().resolve("../sidecar-app/target/quarkus-app/quarkus-run.jar").toString()))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the packaged sidecar " + jar + " is missing: the end-to-end tests run"
                    + " the built application. Build it first (./mvnw -B install -DskipTests from the repository"
                    + " root), or run these tests through the root build (./mvnw verify), which packages it.");
        }
        return jar;
    }

    /** Deletes a folder and everything in it, if it exists. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
