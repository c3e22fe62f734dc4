package io.quapr.sidecar.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The Dapr custom resources (group {@code dapr.io}) the sidecar reads in Kubernetes mode, each at
 * the version it is read at. No Java model classes: they are read as generic resources and
 * validated by the same code as resource files.
 */
public enum DaprResourceKind {

    /** Components: listed at start, then watched for hot reload. */
    COMPONENT("Component", "components", "v1alpha1"),
    /** Declarative subscriptions; v2alpha1, as daprd's operator lists them (the CRD converts v1alpha1 ones). */
    SUBSCRIPTION("Subscription", "subscriptions", "v2alpha1"),
    /** Resiliency policies. */
    RESILIENCY("Resiliency", "resiliencies", "v1alpha1"),
    /** External services for service invocation. */
    HTTP_ENDPOINT("HTTPEndpoint", "httpendpoints", "v1alpha1"),
    /** The Configuration {@code --config} names (read by name, not listed). */
    CONFIGURATION("Configuration", "configurations", "v1alpha1");

    /** The API group of every Dapr resource. */
    public static final String GROUP = "dapr.io";

    private final String kind;
    private final String plural;
    private final String version;

    DaprResourceKind(String kind, String plural, String version) {
        this.kind = kind;
        this.plural = plural;
        this.version = version;
    }

    /** The resource kind as in YAML ({@code Component}). */
    public String kind() {
        return kind;
    }

    /** The resource's plural name in the API ({@code components}). */
    public String plural() {
        return plural;
    }

    /** The {@code apiVersion} it is read at ({@code dapr.io/v1alpha1}). */
    public String apiVersion() {
        return GROUP + "/" + version;
    }

    /** What the generic client needs to address it: group, version, plural, kind, namespaced. */
    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(version).withPlural(plural)
                .withKind(kind).withNamespaced(true).build();
    }
}
