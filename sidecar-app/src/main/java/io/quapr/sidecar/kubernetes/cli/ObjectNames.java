package io.quapr.sidecar.kubernetes.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** How the commands name an object in what they print: {@code Kind namespace/name}. */
final class ObjectNames {

    private ObjectNames() {
    }

    static String describe(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return o.getKind() + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName();
    }
}
