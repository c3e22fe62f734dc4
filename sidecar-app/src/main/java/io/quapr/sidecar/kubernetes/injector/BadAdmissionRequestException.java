package io.quapr.sidecar.kubernetes.injector;

/** A body that is not an {@code AdmissionReview} request the injector can answer (HTTP 400). */
public class BadAdmissionRequestException extends RuntimeException {

    /** @param message what is wrong with the body */
    public BadAdmissionRequestException(String message) {
        super(message, null, false, false);
    }
}
