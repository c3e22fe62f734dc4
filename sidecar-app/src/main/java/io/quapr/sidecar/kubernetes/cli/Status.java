package io.quapr.sidecar.kubernetes.cli;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quapr.sidecar.kubernetes.DaprPods;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code quaprd kubernetes status}: is the injector up (its Deployment's ready replicas), is its
 * webhook registered with a CA bundle, is the namespace opted in, and for every pod of the
 * namespace annotated {@code dapr.io/enabled}, whether it has its sidecar and the sidecar is ready.
 * Exits 1 when the injector cannot inject: no ready replica, or no webhook configuration.
 */
final class Status {

    static final String SYSTEM_NAMESPACE = "quapr-system";
    static final String INJECTOR = "quapr-injector";
    static final String WEBHOOK = "quapr-sidecar-injector";
    /** The namespace label the webhook selects on. */
    static final String INJECTION_LABEL = "quapr.io/injection";

    private Status() {
    }

    static int run(CliOptions options, KubernetesClient client, PrintStream out, Instant now) {
        boolean healthy = injector(client, out) & webhook(client, out);
        String ns = options.namespace()
                .orElseGet(() -> client.getNamespace() == null ? "default" : client.getNamespace());
        Namespace namespace = client.namespaces().withName(ns).get();
        String label = namespace == null || namespace.getMetadata().getLabels() == null
                ? null
                : namespace.getMetadata().getLabels().get(INJECTION_LABEL);
        out.println("namespace " + ns + ": " + (namespace == null
                ? "does not exist"
                : "enabled".equals(label)
                        ? "sidecar injection on (" + INJECTION_LABEL + "=enabled)"
                        : "sidecar injection off (label it " + INJECTION_LABEL + "=enabled)"));
        List<SidecarRow> rows = new ArrayList<>();
        for (Pod pod : client.pods().inNamespace(ns).list().getItems()) {
            if (DaprPods.enabled(pod.getMetadata().getAnnotations())) {
                rows.add(SidecarRow.of(pod, now));
            }
        }
        rows.sort(Comparator.comparing(SidecarRow::pod));
        if (rows.isEmpty()) {
            out.println("no pod of " + ns + " is annotated " + DaprPods.ENABLED + ": \"true\"");
        } else {
            out.println();
            out.print(SidecarRow.table(rows));
        }
        return healthy ? 0 : 1;
    }

    private static boolean injector(KubernetesClient client, PrintStream out) {
        Deployment d = client.apps().deployments().inNamespace(SYSTEM_NAMESPACE).withName(INJECTOR).get();
        String name = "injector  " + SYSTEM_NAMESPACE + "/" + INJECTOR + ": ";
        if (d == null) {
            out.println(name + "not installed (quaprd kubernetes init)");
            return false;
        }
        int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                ? 0
                : d.getStatus().getReadyReplicas();
        out.println(name + ready + "/" + wanted + " ready, " + (ready == 0 ? "UNHEALTHY" : "healthy"));
        return ready > 0;
    }

    private static boolean webhook(KubernetesClient client, PrintStream out) {
        MutatingWebhookConfiguration w = client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName(WEBHOOK).get();
        String name = "webhook   " + WEBHOOK + ": ";
        if (w == null) {
            out.println(name + "not registered, UNHEALTHY");
            return false;
        }
        boolean ca = w.getWebhooks().stream().map(MutatingWebhook::getClientConfig)
                .allMatch(c -> c != null && c.getCaBundle() != null && !c.getCaBundle().isBlank());
        // the API server refuses to call a webhook it cannot verify: pods of opted-in namespaces are refused
        out.println(name + (ca
                ? "registered, CA bundle set"
                : "registered, NO CA BUNDLE yet (is cert-manager's"
                        + " cainjector running?)"));
        return ca;
    }
}
