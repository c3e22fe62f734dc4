package io.quapr.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The app channel's daprd flags: health checks and max concurrency, in daprd's units. */
class AppChannelFlagsTest {

    @Test
    void healthAndConcurrencyFlagsSetTheirKeys() {
        DaprdFlags flags = DaprdFlags.parse("--enable-app-health-check", "--app-health-check-path", "/ready",
                "--app-health-probe-interval", "2", "--app-health-probe-timeout=300", "--app-health-threshold", "4",
                "--app-max-concurrency", "8");

        Map<String, String> p = flags.properties();
        assertEquals("true", p.get("quapr.app-health.enabled"));
        assertEquals("/ready", p.get("quapr.app-health.path"));
        assertEquals("2s", p.get("quapr.app-health.probe-interval"), "daprd's interval is in seconds");
        assertEquals("300ms", p.get("quapr.app-health.probe-timeout"), "daprd's timeout is in milliseconds");
        assertEquals("4", p.get("quapr.app-health.threshold"));
        assertEquals("8", p.get("quapr.app-max-concurrency"));
        assertTrue(flags.warnings().isEmpty(), "no longer accepted-and-ignored: " + flags.warnings());
    }

    @Test
    void goBooleanFormsAndBadValues() {
        assertEquals("false", DaprdFlags.parse("--enable-app-health-check=f").properties()
                .get("quapr.app-health.enabled"));
        assertThrows(FlagException.class, () -> DaprdFlags.parse("--app-health-threshold", "0"));
        assertThrows(FlagException.class, () -> DaprdFlags.parse("--app-health-probe-interval", "soon"));
        assertThrows(FlagException.class, () -> DaprdFlags.parse("--app-max-concurrency", "many"));
    }
}
