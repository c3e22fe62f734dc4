package io.quapr.sidecar.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.StartupException;
import io.quapr.sidecar.components.ResourceLoader;
import io.quapr.sidecar.components.Resources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Kubernetes mode's source of resources: the Dapr custom resources of the sidecar's namespace,
 * read through the API server and validated by {@link ResourceLoader} exactly as files are, each
 * named {@code <kind>/<namespace>/<name>} in problems. The client (Quarkus's, configured by
 * {@code quarkus.kubernetes-client.*}, else as every Kubernetes client finds its API server) is
 * created on first use, so a self-hosted sidecar never creates one.
 */
@ApplicationScoped
public class KubernetesResources {

    private static final Logger LOG = Logger.getLogger(KubernetesResources.class);

    /** The name of the built-in {@code secretstores.kubernetes} store, as daprd names it. */
    public static final String BUILTIN_SECRET_STORE = "kubernetes";

    /** The kinds listed at start (the Configuration is read by name). */
    private static final List<DaprResourceKind> LISTED = List.of(DaprResourceKind.COMPONENT,
            DaprResourceKind.SUBSCRIPTION, DaprResourceKind.RESILIENCY, DaprResourceKind.HTTP_ENDPOINT);

    @Inject
    Instance<KubernetesClient> clients;

    @Inject
    SidecarConfig config;

    /** The client; created on the first call. */
    public KubernetesClient client() {
        return clients.get();
    }

    /**
     * The sidecar's namespace, whose resources it reads.
     *
     * @throws StartupException when none is known
     */
    public String namespace() {
        String ns = config.namespace().orElse("").trim();
        if (ns.isEmpty()) {
            throw new StartupException(List.of("Kubernetes mode needs the sidecar's namespace: set NAMESPACE (the"
                    + " injector sets it from the pod's metadata.namespace) or --namespace"));
        }
        return ns;
    }

    /**
     * The store of {@code secretKeyRef}s in resources without {@code auth.secretStore}: the
     * built-in {@code kubernetes} one, as daprd; none when it is disabled.
     */
    public String defaultSecretStore() {
        return config.kubernetes().disableBuiltinSecretStore() ? null : BUILTIN_SECRET_STORE;
    }

    /**
     * Every Component, Subscription, Resiliency and HTTPEndpoint of the namespace, validated.
     *
     * @throws StartupException listing every problem (an unreachable API server, a resource that
     *         does not validate)
     */
    public Resources load() {
        String ns = namespace();
        List<ResourceLoader.Document> documents = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (DaprResourceKind kind : LISTED) {
            try {
                list(kind, ns).forEach(r -> documents.add(document(kind, r)));
            } catch (KubernetesClientException e) {
                problems.add(apiProblem("list", kind, ns, e));
                if (e.getCode() <= 0) {
                    break; // no answer at all: the other kinds would only say the same
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new StartupException(problems);
        }
        return ResourceLoader.load(documents, defaultSecretStore());
    }

    /**
     * The Configuration named by {@code --config}.
     *
     * @throws StartupException when it does not exist or cannot be read
     */
    public ResourceLoader.Document configuration(String name) {
        String ns = namespace();
        DaprResourceKind kind = DaprResourceKind.CONFIGURATION;
        GenericKubernetesResource r;
        try {
            r = client().genericKubernetesResources(kind.context()).inNamespace(ns).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new StartupException(List.of(apiProblem("get", kind, ns, e)));
        }
        if (r == null) {
            throw new StartupException(List.of(source(kind, ns, name) + ": --config names a Configuration that"
                    + " does not exist in namespace " + ns));
        }
        return document(kind, r);
    }

    /** The resources of one kind, by name (the order files are read in). */
    private List<GenericKubernetesResource> list(DaprResourceKind kind, String ns) {
        try {
            List<GenericKubernetesResource> items = new ArrayList<>(
                    client().genericKubernetesResources(kind.context()).inNamespace(ns).list().getItems());
            items.sort(Comparator.comparing(r -> r.getMetadata().getName()));
            return items;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                // the CRD is not installed (an older Dapr has no HTTPEndpoint): no resources of the kind
                LOG.warnf("%s.%s is not served by the API server (CRD not installed?): none read", kind.plural(),
                        DaprResourceKind.GROUP);
                return List.of();
            }
            throw e;
        }
    }

    /**
     * A resource as the tree {@link ResourceLoader} validates. Items of a list may come without
     * their {@code apiVersion} and {@code kind}; those are the ones they were read at.
     */
    ResourceLoader.Document document(DaprResourceKind kind, GenericKubernetesResource r) {
        JsonNode tree = client().getKubernetesSerialization().convertValue(r, JsonNode.class);
        if (tree instanceof ObjectNode o) {
            if (o.path("apiVersion").asText("").isEmpty()) {
                o.put("apiVersion", kind.apiVersion());
            }
            if (o.path("kind").asText("").isEmpty()) {
                o.put("kind", kind.kind());
            }
        }
        return new ResourceLoader.Document(source(kind, r.getMetadata().getNamespace(), r.getMetadata().getName()),
                tree);
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    /** How problems name a resource: {@code Component/<namespace>/<name>}. */
    static String source(DaprResourceKind kind, String ns, String name) {
        return kind.kind() + "/" + ns + "/" + name;
    }

    /** One line for a failed API call: a 403 says which permission the service account lacks. */
    String apiProblem(String verb, DaprResourceKind kind, String ns, KubernetesClientException e) {
        String why;
        if (e.getCode() == 403) {
            why = "forbidden: the pod's service account needs get, list and watch on " + kind.plural() + "."
                    + DaprResourceKind.GROUP + " in the namespace";
        } else if (e.getCode() <= 0) {
            // no HTTP answer: fabric8's own message only says the operation failed; the cause says why
            why = "no answer from " + client().getConfiguration().getMasterUrl() + ": " + rootCause(e);
        } else {
            why = e.getCode() + " " + (e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage()
                    : rootCause(e));
        }
        return "Kubernetes API server: cannot " + verb + " " + kind.plural() + "." + DaprResourceKind.GROUP
                + " in namespace " + ns + ": " + why;
    }
}
