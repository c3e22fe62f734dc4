package io.quapr.sidecar.bindings;

import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;

/** daprd's output binding errors: one code, the cause in the message after the binding's name. */
final class BindingErrors {

    private BindingErrors() {
    }

    /** {@code error invoking output binding <name>: <cause>}. */
    static DaprException invoke(String name, String cause) {
        return new DaprException(ErrorCode.BINDING_INVOKE_OUTPUT,
                "error invoking output binding " + name + ": " + cause);
    }

    /** No output binding of that name (unknown, not a binding, or input only). */
    static DaprException notFound(String name) {
        return invoke(name, "couldn't find output binding " + name);
    }
}
