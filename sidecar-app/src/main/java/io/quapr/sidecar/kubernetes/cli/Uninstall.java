package io.quapr.sidecar.kubernetes.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * {@code quaprd kubernetes uninstall}: deletes the control plane {@code init} applied, in reverse
 * order. As {@code dapr uninstall -k}, the Dapr CRDs are kept (deleting one deletes every resource
 * of its kind in the cluster), and so is the {@code quapr-system} namespace; {@code --all} deletes
 * them too. The example app and the {@code <app-id>-dapr} Services (owned by the apps) stay.
 */
final class Uninstall {

    /** Kept unless {@code --all}. */
    private static final Set<String> KEPT_KINDS = Set.of("CustomResourceDefinition", "Namespace");

    private Uninstall() {
    }

    static int run(CliOptions options, KubernetesClient client, PrintStream out, PrintStream err) {
        List<HasMetadata> objects = new ArrayList<>(Bundle.read(client, options.bundle()).controlPlane());
        Collections.reverse(objects);
        int failures = 0;
        for (HasMetadata o : objects) {
            String name = ObjectNames.describe(o);
            if (!options.all() && KEPT_KINDS.contains(o.getKind())) {
                out.println("  kept " + name + " (--all deletes it)");
                continue;
            }
            try {
                boolean deleted = !client.resource(o).delete().isEmpty();
                out.println("  " + (deleted ? "deleted " : "not found ") + name);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    // the kind itself is not served (cert-manager gone): nothing of it to delete
                    out.println("  not found " + name);
                } else {
                    err.println("quaprd kubernetes uninstall: " + name + ": " + e.getMessage());
                    failures++;
                }
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
