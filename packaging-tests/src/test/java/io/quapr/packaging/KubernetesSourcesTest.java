package io.quapr.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written sources reach the bundle whole: the build joins them into one file, so each
 * must open its own YAML document, and every resource of theirs must come out of Quarkus's build
 * (merged with what it generates, never dropped).
 */
class KubernetesSourcesTest {

    static Stream<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(BuildOutput.kubernetesSources())) {
            return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void opensItsOwnDocument(Path source) throws IOException {
        assertEquals("---", Files.readAllLines(source).get(0),
                source + " must start with ---: the build joins the files");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void everyResourceIsInTheOutput(Path source) {
        Manifests output = source.getFileName().toString().equals("eks.yml")
                ? Manifests.eksOverlay()
                : Manifests.bundle();
        List<Manifest> resources = Manifests.read(source).all();
        assertFalse(resources.isEmpty(), source + " holds no resource");
        for (Manifest resource : resources) {
            Manifest built = output.get(resource.kind(), resource.name());
            assertEquals(resource.namespace(), built.namespace(), resource + " changed namespace");
        }
    }
}
