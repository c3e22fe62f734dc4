package io.quapr.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kubernetes mode's flags: daprd's {@code --mode} and built-in store switch, Quapr's {@code --namespace}. */
class KubernetesModeFlagsTest {

    @Test
    void modeNamespaceAndBuiltInStoreSetTheirKeys() {
        DaprdFlags flags = DaprdFlags.parse("--mode", "Kubernetes", "--namespace=payments",
                "--disable-builtin-k8s-secret-store", "--config", "appconfig");

        Map<String, String> p = flags.properties();
        assertEquals("kubernetes", p.get("quapr.mode"));
        assertEquals("payments", p.get("quapr.namespace"));
        assertEquals("true", p.get("quapr.kubernetes.disable-builtin-secret-store"));
        assertEquals("appconfig", p.get("quapr.config-file"));
        assertTrue(flags.warnings().isEmpty(), "no longer accepted-and-ignored: " + flags.warnings());
    }

    @Test
    void anUnknownModeIsRefused() {
        FlagException e = assertThrows(FlagException.class, () -> DaprdFlags.parse("--mode", "swarm"));
        assertTrue(e.getMessage().contains("standalone or kubernetes"), e.getMessage());
    }
}
