package io.quapr.sidecar.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Kubernetes mode's last source of the namespace: the pod's service account namespace file, read
 * before Quarkus reads its configuration so that every block sees the same namespace (metrics
 * labels, name resolution, key prefixes), not only the resource loader.
 */
public final class ServiceAccountNamespace {

    /** Where Kubernetes mounts the pod's namespace. */
    static final Path FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private ServiceAccountNamespace() {
    }

    /**
     * Sets {@code quapr.namespace} from the file when the sidecar runs in Kubernetes mode
     * ({@code quapr.mode}) and neither {@code NAMESPACE}, {@code --namespace} nor
     * {@code QUAPR_NAMESPACE} gave one; otherwise does nothing.
     */
    public static void fillIn() {
        String mode = setting("quapr.mode", "QUAPR_MODE");
        if (!"kubernetes".equals(mode == null ? null : mode.trim().toLowerCase(Locale.ROOT))
                || present(setting("quapr.namespace", "QUAPR_NAMESPACE")) || present(System.getenv("NAMESPACE"))
                || !Files.isReadable(FILE)) {
            return;
        }
        try {
            String ns = Files.readString(FILE).trim();
            if (!ns.isEmpty()) {
                System.setProperty("quapr.namespace", ns);
            }
        } catch (IOException e) {
            // KubernetesResources reports the missing namespace at start-up
        }
    }

    private static String setting(String property, String variable) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(variable);
    }

    private static boolean present(String v) {
        return v != null && !v.isBlank();
    }
}
