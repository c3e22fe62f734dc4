package io.quapr.packaging;

import java.util.Set;

/**
 * The OpenAPI definition name of a kind, in the Kubernetes API's own naming: the Go package of the
 * type, so {@code apps/v1 Deployment} is {@code io.k8s.api.apps.v1.Deployment}. Groups outside
 * Kubernetes are named by their reversed domain ({@code cert-manager.io/v1 Issuer} is
 * {@code io.cert-manager.v1.Issuer}, {@code dapr.io/v1alpha1 Component} is
 * {@code io.dapr.v1alpha1.Component}), as fabric8 and the CRD tooling name them.
 */
public final class DefinitionNames {

    /** Built-in groups that are one word, without the {@code .k8s.io} suffix. */
    private static final Set<String> SHORT_GROUPS = Set.of("apps", "autoscaling", "batch", "policy");

    private DefinitionNames() {
    }

    /** The definition name of {@code kind} in {@code apiVersion} (e.g. {@code rbac.authorization.k8s.io/v1}). */
    public static String of(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        return packageOf(group) + "." + version + "." + kind;
    }

    private static String packageOf(String group) {
        if (group.isEmpty()) {
            return "io.k8s.api.core";
        }
        if (group.equals("apiextensions.k8s.io")) {
            return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions";
        }
        if (SHORT_GROUPS.contains(group)) {
            return "io.k8s.api." + group;
        }
        if (group.endsWith(".k8s.io")) {
            return "io.k8s.api." + group.substring(0, group.indexOf('.'));
        }
        String[] labels = group.split("\\.");
        StringBuilder reversed = new StringBuilder();
        for (int i = labels.length - 1; i >= 0; i--) {
            reversed.append(labels[i]);
            if (i > 0) {
                reversed.append('.');
            }
        }
        return reversed.toString();
    }
}
