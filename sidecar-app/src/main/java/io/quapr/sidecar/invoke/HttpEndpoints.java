package io.quapr.sidecar.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.StartupException;
import io.quapr.sidecar.components.ComponentLoader;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.sidecar.components.OtherResource;
import io.quapr.sidecar.components.SecretRefs;
import io.quapr.spi.secrets.SecretStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code HTTPEndpoint} resources in scope: a name to invoke an external HTTP service by
 * ({@code /v1.0/invoke/<name>/method/...}), its {@code spec.baseUrl} and the
 * {@code spec.headers} added to every call. A header's value is its {@code value}, or its
 * {@code secretKeyRef} read once at start-up from the resource's {@code auth.secretStore}; a
 * reference that cannot be read stops the start-up, naming file, endpoint and header.
 */
@ApplicationScoped
public class HttpEndpoints {

    @Inject
    ComponentLoader loader;

    @Inject
    Components components;

    @Inject
    SidecarConfig config;

    private volatile Map<String, Endpoint> byName = Map.of();

    /**
     * One external endpoint.
     *
     * @param name its resource name
     * @param baseUrl {@code spec.baseUrl}, without a trailing slash
     * @param headers {@code name -> value} pairs added to each call
     */
    public record Endpoint(String name, String baseUrl, List<Map.Entry<String, String>> headers) {
    }

    /** The endpoint of that name, if one is in scope. */
    public Optional<Endpoint> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Runs once the secret stores are loaded ({@code ComponentLoader} at 2500). */
    void onStart(@Observes @Priority(2700) StartupEvent event) {
        Map<String, SecretStore> stores = new HashMap<>();
        for (LiveComponent c : components.ofBlock("secretstores")) {
            stores.put(c.name(), (SecretStore) c.instance());
        }
        String appId = config.appId().orElse("");
        Map<String, Endpoint> m = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (OtherResource r : loader.resources().ofKind("HTTPEndpoint")) {
            if (!r.scopes().isEmpty() && !r.scopes().contains(appId)) {
                continue;
            }
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (JsonNode h : r.spec().path("headers")) {
                String name = h.path("name").asText("");
                if (name.isEmpty()) {
                    continue;
                }
                JsonNode ref = h.path("secretKeyRef");
                if (!ref.isObject()) {
                    headers.add(Map.entry(name, h.path("value").asText("")));
                    continue;
                }
                try {
                    headers.add(Map.entry(name, SecretRefs.read("header '" + name + "' secretKeyRef", r.secretStore(),
                            stores, ref.path("name").asText(""), ref.path("key").asText("")).await()
                            .atMost(Duration.ofSeconds(30))));
                } catch (RuntimeException e) {
                    problems.add(r.source() + ": HTTPEndpoint '" + r.name() + "': " + e.getMessage());
                }
            }
            m.put(r.name(), new Endpoint(r.name(), trimSlash(r.spec().path("baseUrl").asText("")), headers));
        }
        if (!problems.isEmpty()) {
            throw new StartupException(problems);
        }
        byName = m;
    }

    static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
