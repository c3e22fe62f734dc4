package io.quapr.sidecar.kubernetes;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What marks a pod as a Dapr app, read as Dapr reads it: the injector, the {@code <app-id>-dapr}
 * Services and {@code quaprd kubernetes status} agree on which pods ask for a sidecar, what their
 * app id is and which container is the sidecar.
 */
public final class DaprPods {

    /** Whether the pod asks for the sidecar. */
    public static final String ENABLED = "dapr.io/enabled";
    /** The app id; the pod's name when absent (the injector's default). */
    public static final String APP_ID = "dapr.io/app-id";

    /** The injected sidecar container's name (Dapr's, so tooling that looks for it finds it). */
    public static final String SIDECAR_CONTAINER = "daprd";

    /** Go's {@code strconv.ParseBool}-like truthy words, as Dapr reads {@code dapr.io/enabled}. */
    private static final Set<String> TRUE = Set.of("1", "t", "true", "y", "yes", "on");

    private DaprPods() {
    }

    /** Whether a value is one of Dapr's truthy words (case and surrounding blanks ignored). */
    public static boolean truthy(String value) {
        return value != null && TRUE.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    /** Whether annotations (possibly null) ask for the sidecar. */
    public static boolean enabled(Map<String, String> annotations) {
        return annotations != null && truthy(annotations.get(ENABLED));
    }
}
