package io.quapr.sidecar.components;

import io.quapr.spi.secrets.SecretStore;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns a resource's {@code spec.metadata} into final values: literal values with their
 * templates expanded ({@code {uuid}}, {@code {appID}}, {@code {namespace}}, {@code {podName}}),
 * {@code envRef}s read from the environment, {@code secretKeyRef}s read from the component's
 * secret store.
 */
final class MetadataResolver {

    private final String appId;
    private final String namespace;
    private final String podName;
    private final Function<String, String> env;

    MetadataResolver(String appId, String namespace, String podName, Function<String, String> env) {
        this.appId = appId;
        this.namespace = namespace;
        this.podName = podName;
        this.env = env;
    }

    /**
     * Resolves every item.
     *
     * @param secretStores the loaded secret stores by name
     * @return the values; fails with {@link IllegalArgumentException} naming the field when a
     *         reference cannot be resolved
     */
    Uni<Map<String, String>> resolve(ComponentResource resource, Map<String, SecretStore> secretStores) {
        Map<String, String> values = new LinkedHashMap<>();
        List<Uni<Void>> lookups = new ArrayList<>();
        for (ComponentResource.MetadataItem item : resource.metadata()) {
            if (item.secretKeyRef() != null) {
                values.put(item.name(), null);
                lookups.add(secret(resource, item, secretStores).invoke(v -> values.put(item.name(), v))
                        .replaceWithVoid());
            } else if (item.envRef() != null) {
                String v = env.apply(item.envRef());
                values.put(item.name(), v == null ? "" : v);
            } else {
                values.put(item.name(), expand(item.value()));
            }
        }
        if (lookups.isEmpty()) {
            return Uni.createFrom().item(values);
        }
        return Uni.join().all(lookups).andFailFast().replaceWith(values);
    }

    private Uni<String> secret(ComponentResource resource, ComponentResource.MetadataItem item,
            Map<String, SecretStore> secretStores) {
        return SecretRefs.read("metadata '" + item.name() + "' secretKeyRef", resource.secretStore(), secretStores,
                item.secretKeyRef().name(), item.secretKeyRef().key());
    }

    /** Expands Dapr's metadata value templates. */
    String expand(String value) {
        if (value == null || value.indexOf('{') < 0) {
            return value;
        }
        String v = value.replace("{appID}", appId).replace("{namespace}", namespace).replace("{podName}", podName);
        while (v.contains("{uuid}")) {
            v = v.replaceFirst("\\{uuid}", UUID.randomUUID().toString());
        }
        return v;
    }
}
