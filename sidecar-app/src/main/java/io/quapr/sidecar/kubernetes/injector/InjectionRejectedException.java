package io.quapr.sidecar.kubernetes.injector;

/**
 * A pod that asks for the sidecar with settings the sidecar cannot run with: the admission
 * answer refuses the pod with this message, so whoever applied it sees what to fix.
 */
public class InjectionRejectedException extends RuntimeException {

    /** @param message names the annotation and its value */
    public InjectionRejectedException(String message) {
        super(message, null, false, false);
    }
}
