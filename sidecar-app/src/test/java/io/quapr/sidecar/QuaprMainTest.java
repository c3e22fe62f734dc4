package io.quapr.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A failed start prints one message: a broken resource's problems as listed, however deeply
 * Quarkus and CDI wrapped the exception thrown while loading components at start-up.
 */
class QuaprMainTest {

    @Test
    void brokenResourceIsReportedWithItsOwnMessage() {
        StartupException broken = new StartupException(List.of("a.yaml: Component 'x': field 'spec.type' is empty"));
        Throwable wrapped = new RuntimeException("Failed to start quarkus",
                new IllegalStateException("observer failed", broken));

        assertEquals(broken.getMessage(), QuaprMain.describe(wrapped));
    }

    @Test
    void otherFailuresAreReportedByTheirRootCause() {
        Throwable wrapped = new RuntimeException("Failed to start quarkus",
                new IllegalStateException("Port(s) already bound: 3500"));

        assertEquals("Port(s) already bound: 3500", QuaprMain.describe(wrapped));
    }
}
