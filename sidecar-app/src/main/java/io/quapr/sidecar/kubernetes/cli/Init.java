package io.quapr.sidecar.kubernetes.cli;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code quaprd kubernetes init}: applies the bundle's control plane (and, when asked, the example
 * and its EKS overlay), or prints it with {@code --print}. An object that does not exist is
 * created; one that does is server-side applied by field manager {@value #FIELD_MANAGER}, so
 * fields others own (the webhook's {@code caBundle} cert-manager fills in, a replica count an
 * autoscaler sets) are kept. Applying twice changes nothing.
 */
final class Init {

    /** The field manager of everything {@code init} writes. */
    static final String FIELD_MANAGER = "quaprd";
    private static final String CERT_MANAGER = "cert-manager.io/v1";

    private Init() {
    }

    static int run(CliOptions options, KubernetesClient client, PrintStream out, PrintStream err) {
        Bundle bundle = Bundle.read(client, options.bundle());
        List<HasMetadata> objects = new ArrayList<>(bundle.controlPlane());
        if (options.example()) {
            objects.addAll(bundle.example());
        }
        if (options.eks()) {
            objects.addAll(bundle.eksOverlay(client));
        }
        if (options.print()) {
            // one document per object, as the bundle is written: kubectl apply -f - takes it
            objects.forEach(o -> out.print(client.getKubernetesSerialization().asYaml(o)));
            return 0;
        }
        if (objects.stream().anyMatch(o -> o.getApiVersion().equals(CERT_MANAGER)) && !servesCertManager(client)) {
            err.println("quaprd kubernetes init: cert-manager is not installed (the API server serves no "
                    + CERT_MANAGER + "); it issues the injector's webhook certificate. Install it first:"
                    + " https://cert-manager.io/docs/installation/");
            return 1;
        }
        out.println("applying " + objects.size() + " objects from " + bundle.file());
        for (HasMetadata o : objects) {
            try {
                out.println("  " + apply(client, o) + " " + ObjectNames.describe(o));
            } catch (KubernetesClientException e) {
                err.println("quaprd kubernetes init: " + ObjectNames.describe(o) + ": " + e.getMessage());
                return 1;
            }
        }
        out.println("done; check with: quaprd kubernetes status");
        return 0;
    }

    private static boolean servesCertManager(KubernetesClient client) {
        APIResourceList served = client.getApiResources(CERT_MANAGER);
        return served != null && served.getResources().stream().map(APIResource::getKind).toList()
                .containsAll(List.of("Issuer", "Certificate"));
    }

    private static String apply(KubernetesClient client, HasMetadata o) {
        try {
            client.resource(o).create();
            return "created";
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        client.resource(o).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        return "applied";
    }
}
