package io.quapr.sidecar.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service account's namespace file is the last source of the namespace, in Kubernetes mode only. */
class ServiceAccountNamespaceTest {

    @TempDir
    Path tmp;

    @Test
    void kubernetesModeWithoutANamespaceReadsTheFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("namespace"), "payments\n");

        assertEquals(Optional.of("payments"), ServiceAccountNamespace.fromFile("kubernetes", null, file));
        assertEquals(Optional.of("payments"), ServiceAccountNamespace.fromFile(" Kubernetes", "  ", file));
    }

    @Test
    void aConfiguredNamespaceSelfHostedModeOrNoFileLeaveItAlone() throws Exception {
        Path file = Files.writeString(tmp.resolve("namespace"), "payments");

        assertEquals(Optional.empty(), ServiceAccountNamespace.fromFile("kubernetes", "shop", file));
        assertEquals(Optional.empty(), ServiceAccountNamespace.fromFile("standalone", null, file));
        assertEquals(Optional.empty(), ServiceAccountNamespace.fromFile(null, null, file));
        assertEquals(Optional.empty(), ServiceAccountNamespace.fromFile("kubernetes", null, tmp.resolve("none")));
    }
}
