package io.quapr.sidecar.components;

import java.time.Duration;
import java.util.List;

/**
 * A {@code Component} resource (dapr.io/v1alpha1) as read from YAML, before secrets and templates
 * are resolved.
 *
 * @param source the file (and document number) it came from, for error messages
 * @param name {@code metadata.name}
 * @param type {@code spec.type}, e.g. {@code state.redis}
 * @param version {@code spec.version}, {@code v1} when absent
 * @param metadata {@code spec.metadata}, in file order
 * @param secretStore {@code auth.secretStore}: where {@code secretKeyRef}s are resolved; may be null
 * @param scopes the app ids allowed to load it; empty means every app
 * @param initTimeout {@code spec.initTimeout} (default 5s)
 * @param ignoreErrors {@code spec.ignoreErrors}: a failed init is reported but does not stop start-up
 */
public record ComponentResource(String source, String name, String type, String version, List<MetadataItem> metadata,
        String secretStore, List<String> scopes, Duration initTimeout, boolean ignoreErrors) {

    /** The block prefix of the type: {@code state}, {@code secretstores}, {@code pubsub}, ... */
    public String block() {
        int dot = type.indexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }

    /** Whether an app with this id may load the component. */
    public boolean inScope(String appId) {
        return scopes.isEmpty() || scopes.contains(appId);
    }

    /**
     * One {@code spec.metadata} entry: exactly one of value, secret reference or environment
     * reference is set.
     *
     * @param name the key
     * @param value a literal value (templates not yet expanded), or null
     * @param secretKeyRef a reference to resolve through the component's secret store, or null
     * @param envRef the name of an environment variable holding the value, or null
     */
    public record MetadataItem(String name, String value, SecretKeyRef secretKeyRef, String envRef) {
    }

    /**
     * {@code secretKeyRef: {name, key}}: the secret's name and, for multi-valued secrets, its key.
     *
     * @param name the secret's name
     * @param key the key inside the secret; empty means the secret's name
     */
    public record SecretKeyRef(String name, String key) {
    }
}
