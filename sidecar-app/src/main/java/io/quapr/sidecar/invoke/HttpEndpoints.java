package io.quapr.sidecar.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.components.ComponentLoader;
import io.quapr.sidecar.components.OtherResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code HTTPEndpoint} resources in scope: a name to invoke an external HTTP service by
 * ({@code /v1.0/invoke/<name>/method/...}), its {@code spec.baseUrl} and the
 * {@code spec.headers} added to every call. Header values are taken from {@code value};
 * {@code secretKeyRef} values are not resolved yet (the header is left out, with a warning at
 * first use).
 */
@ApplicationScoped
public class HttpEndpoints {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(HttpEndpoints.class);

    @Inject
    ComponentLoader loader;

    @Inject
    SidecarConfig config;

    private volatile Map<String, Endpoint> byName;

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
        Map<String, Endpoint> m = byName;
        if (m == null) {
            m = load();
            byName = m;
        }
        return Optional.ofNullable(m.get(name));
    }

    private Map<String, Endpoint> load() {
        String appId = config.appId().orElse("");
        Map<String, Endpoint> m = new HashMap<>();
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
                if (h.has("value")) {
                    headers.add(Map.entry(name, h.path("value").asText("")));
                } else {
                    LOG.warnf("%s: HTTPEndpoint %s: header %s from a secret is not supported yet; not sent", r.source(),
                            r.name(), name);
                }
            }
            m.put(r.name(), new Endpoint(r.name(), trimSlash(r.spec().path("baseUrl").asText("")), headers));
        }
        return m;
    }

    static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
