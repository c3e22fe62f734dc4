package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.components.pubsub.fakelossy.FakeLossyPubSub;
import io.quapr.components.pubsub.fakeplain.FakePlainPubSub;
import io.quapr.components.state.fakelying.FakeLyingStateStore;
import io.quapr.components.state.fakeplain.FakePlainStateStore;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentDiscoveryTest {

    /** This module's compiled test classes, where the two fake components are. */
    private static Path testClasses() throws URISyntaxException {
        return Path.of(FakePlainStateStore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void findsTheAnnotatedClassesOnly() throws Exception {
        assertEquals(List.of(FakeLossyPubSub.class.getName(), FakePlainPubSub.class.getName(),
                FakeLyingStateStore.class.getName(), FakePlainStateStore.class.getName()),
                ComponentDiscovery.componentClassNames(testClasses()));
    }

    @Test
    void loadsThem() throws Exception {
        assertEquals(List.of(FakeLossyPubSub.class, FakePlainPubSub.class, FakeLyingStateStore.class,
                FakePlainStateStore.class),
                ComponentDiscovery.componentClasses(testClasses()));
    }

    @Test
    void aMissingOrEmptyFolderHasNoComponents(@TempDir Path empty) {
        assertTrue(ComponentDiscovery.componentClassNames(empty.resolve("absent")).isEmpty());
        assertTrue(ComponentDiscovery.componentClassNames(empty).isEmpty());
    }

    @Test
    void theClassesFolderIsBasedirTargetClasses() {
        String previous = System.getProperty("basedir");
        System.setProperty("basedir", "/some/module");
        try {
            assertEquals(Path.of("/some/module/target/classes"), ComponentDiscovery.classesDirectory());
        } finally {
            if (previous == null) {
                System.clearProperty("basedir");
            } else {
                System.setProperty("basedir", previous);
            }
        }
    }
}
