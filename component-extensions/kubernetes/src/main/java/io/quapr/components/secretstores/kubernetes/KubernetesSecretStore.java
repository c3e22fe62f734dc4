package io.quapr.components.secretstores.kubernetes;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.MetadataException;
import io.quapr.spi.secrets.SecretFeature;
import io.quapr.spi.secrets.SecretNotFoundException;
import io.quapr.spi.secrets.SecretStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.Dependent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code secretstores.kubernetes}: the Secrets of a namespace, read through the API server. A
 * secret's answer is every key of the Secret with its value decoded; {@link #bulkGet} answers
 * every Secret of the namespace, as daprd does. In Kubernetes mode the sidecar loads one named
 * {@code kubernetes} by itself and reads {@code secretKeyRef}s from it when a component names no
 * {@code auth.secretStore}, as daprd does.
 *
 * <p>
 * The namespace of a call is its {@code namespace} request metadata, else {@code defaultNamespace},
 * else the sidecar's own ({@code NAMESPACE}). The component builds its own client (it is a plain
 * jar, and the conformance kit creates it without the sidecar): from {@code kubeconfigPath} when
 * set, else as every Kubernetes client finds its API server (the pod's service account in a pod,
 * {@code KUBECONFIG} or {@code ~/.kube/config} outside), on the sidecar's Vert.x.
 */
@Dependent
@ComponentType("secretstores.kubernetes")
public class KubernetesSecretStore implements SecretStore {

    private volatile KubernetesClient client;
    private volatile ComponentContext context;
    private volatile String defaultNamespace = "";

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        this.context = context;
        defaultNamespace = metadata.string("defaultNamespace", "").trim();
        String kubeconfigPath = metadata.string("kubeconfigPath", "").trim();
        // reading a kubeconfig or the service account's files touches the disk: not on the event loop
        return context.executeBlocking(() -> {
            client = new KubernetesClientBuilder().withConfig(config(kubeconfigPath))
                    .withHttpClientFactory(new VertxHttpClientFactory(context.vertx())).build();
            return null;
        });
    }

    private static Config config(String kubeconfigPath) throws IOException {
        if (kubeconfigPath.isEmpty()) {
            return Config.autoConfigure(null);
        }
        Path file = Path.of(kubeconfigPath);
        if (!Files.isRegularFile(file)) {
            throw new MetadataException("kubeconfigPath: no such file: " + kubeconfigPath);
        }
        return Config.fromKubeconfig(null, Files.readString(file), file.toAbsolutePath().toString());
    }

    /** None, as daprd's store reports (a Secret has several keys all the same). */
    @Override
    public Set<SecretFeature> features() {
        return Set.of();
    }

    @Override
    public Uni<Map<String, String>> get(String name, Map<String, String> metadata) {
        return namespace(metadata).chain(ns -> context.executeBlocking(() -> {
            Secret secret = client.secrets().inNamespace(ns).withName(name).get();
            if (secret == null) {
                throw new SecretNotFoundException(name);
            }
            return decoded(secret);
        }));
    }

    @Override
    public Uni<Map<String, Map<String, String>>> bulkGet(Map<String, String> metadata) {
        return namespace(metadata).chain(ns -> context.executeBlocking(() -> {
            Map<String, Map<String, String>> all = new TreeMap<>();
            for (Secret s : client.secrets().inNamespace(ns).list().getItems()) {
                all.put(s.getMetadata().getName(), decoded(s));
            }
            return Collections.unmodifiableMap(all);
        }));
    }

    private Uni<String> namespace(Map<String, String> metadata) {
        String ns = metadata.getOrDefault("namespace", "");
        if (ns.isEmpty()) {
            ns = defaultNamespace;
        }
        if (ns.isEmpty()) {
            ns = context.namespace();
        }
        if (ns == null || ns.isEmpty()) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    "namespace is missing: no 'namespace' request metadata, no 'defaultNamespace', no NAMESPACE"));
        }
        return Uni.createFrom().item(ns);
    }

    /**
     * Every key of the Secret with its value decoded. {@code stringData} is write-only on a real
     * API server (it is merged into {@code data}); a server that still returns it is read too.
     */
    private static Map<String, String> decoded(Secret secret) {
        Map<String, String> values = new LinkedHashMap<>();
        if (secret.getData() != null) {
            Base64.Decoder base64 = Base64.getMimeDecoder();
            secret.getData().forEach((k, v) -> values.put(k,
                    v == null ? "" : new String(base64.decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> values.putIfAbsent(k, v == null ? "" : v));
        }
        return Collections.unmodifiableMap(values);
    }

    @Override
    public Uni<Void> close() {
        KubernetesClient c = client;
        client = null;
        if (c != null) {
            c.close();
        }
        return Uni.createFrom().voidItem();
    }
}
