package io.quapr.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.packaging.Dockerfile.Instruction;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Dockerfiles of sidecar-app/src/main/docker would build a working, unprivileged image from what
 * {@code package} leaves in target/ (no image can be built here: there is no Docker). Their build
 * context is sidecar-app/.
 */
class DockerfileLintTest {

    private static final Path CONTEXT = BuildOutput.sidecarModule();

    @Test
    void jvmImageCopiesEveryLayerOfTheFastJarThatPackageWrote() {
        BuildOutput.quarkusApp(); // fails with a hint when sidecar-app was not packaged
        Dockerfile jvm = Dockerfile.read(BuildOutput.dockerfile("Dockerfile.jvm"));
        Set<String> copied = new HashSet<>();
        for (Instruction copy : jvm.all("COPY")) {
            assertFalse(copy.hasOption("--from"), "no build stage: the application is built by Maven");
            List<String> words = copy.words();
            for (String source : words.subList(0, words.size() - 1)) {
                assertTrue(Files.exists(CONTEXT.resolve(source)), source + " does not exist after package");
                copied.add(source.replaceAll("/$", ""));
            }
        }
        assertEquals(Set.of("target/quarkus-app/lib", "target/quarkus-app/app", "target/quarkus-app/quarkus",
                "target/quarkus-app/quarkus-run.jar", "src/main/jvm/jvm.options", "target/quarkus-app/kubernetes"),
                copied, "the four layers of the fast jar, the JVM profile and the bundle quaprd kubernetes init reads");
        String profile = jvm.all("COPY").stream().map(Instruction::words)
                .filter(w -> w.get(0).equals("src/main/jvm/jvm.options")).map(w -> w.get(w.size() - 1)).findFirst()
                .orElseThrow();
        assertTrue(jvm.all("ENV").stream().anyMatch(e -> e.arguments().startsWith("JAVA_OPTS_APPEND=\"@" + profile)),
                "the JVM starts with the copied profile " + profile);
    }

    @Test
    void jvmImageRunsTheFastJar() {
        Dockerfile jvm = Dockerfile.read(BuildOutput.dockerfile("Dockerfile.jvm"));
        assertTrue(jvm.all("FROM").get(0).arguments().startsWith("registry.access.redhat.com/ubi9/openjdk-21"),
                "a UBI 9 OpenJDK 21 base");
        String jar = jvm.all("COPY").stream().map(Instruction::words).filter(w -> w.get(0).endsWith("quarkus-run.jar"))
                .map(w -> w.get(w.size() - 1)).findFirst().orElseThrow();
        assertTrue(jvm.all("ENV").stream().anyMatch(e -> e.arguments().equals("JAVA_APP_JAR=\"" + jar + "\"")),
                "JAVA_APP_JAR names the copied " + jar);
        assertEquals("[ \"/opt/jboss/container/java/run/run-java.sh\" ]", entrypoint(jvm),
                "the base image's launcher runs java -jar $JAVA_APP_JAR with the container's arguments");
    }

    @Test
    void nativeImageCopiesTheRunnerPackageWouldWrite() throws IOException {
        Dockerfile image = Dockerfile.read(BuildOutput.dockerfile("Dockerfile.native"));
        assertTrue(image.all("FROM").get(0).arguments().startsWith("quay.io/quarkus/ubi9-quarkus-micro-image:"),
                "Quarkus's UBI 9 micro base for native executables");
        List<Instruction> copies = image.all("COPY");
        assertEquals(1, copies.size());
        PathMatcher source = FileSystems.getDefault().getPathMatcher("glob:" + copies.get(0).words().get(0));
        // a native build writes <final name>-runner beside the jar the JVM build wrote
        try (Stream<Path> jars = Files.list(CONTEXT.resolve("target"))) {
            Path jar = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
            String runner = jar.getFileName().toString().replaceAll("\\.jar$", "-runner");
            assertTrue(source.matches(Path.of("target", runner)), copies.get(0) + " misses target/" + runner);
        }
        assertEquals("[ \"./application\" ]", entrypoint(image));
        assertEquals("/work/application", copies.get(0).words().get(1), "the entrypoint is the copied runner");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Dockerfile.jvm", "Dockerfile.native" })
    void runsAsANonRootUserSetLast(String name) {
        Dockerfile image = Dockerfile.read(BuildOutput.dockerfile(name));
        int user = image.lastIndexOf("USER");
        assertTrue(user >= 0, name + " sets no USER: the image would run as root");
        String who = image.instructions().get(user).arguments();
        assertFalse(who.equals("root") || who.equals("0") || who.startsWith("0:") || who.startsWith("root:"),
                name + " runs as " + who);
        for (String later : List.of("RUN", "COPY", "ADD")) {
            assertTrue(image.lastIndexOf(later) < user, name + ": " + later + " after the last USER");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "Dockerfile.jvm", "Dockerfile.native" })
    void exposesTheSidecarsPorts(String name) {
        Dockerfile image = Dockerfile.read(BuildOutput.dockerfile(name));
        Set<String> exposed = new HashSet<>();
        image.all("EXPOSE").forEach(e -> exposed.addAll(e.words()));
        for (String port : List.of(ApplicationProperties.get("quarkus.http.port"),
                ApplicationProperties.get("quarkus.grpc.server.port"), "50002", "9090", "4000")) {
            assertTrue(exposed.contains(port), name + " does not expose " + port);
        }
    }

    private static String entrypoint(Dockerfile image) {
        int last = image.lastIndexOf("ENTRYPOINT");
        assertTrue(last >= 0, "no ENTRYPOINT");
        assertEquals(-1, image.lastIndexOf("CMD"), "arguments come from the container (daprd's flags), not CMD");
        return image.instructions().get(last).arguments();
    }
}
