package io.quapr.sidecar.invoke;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one place the callee side decides whether a call from another sidecar may reach this
 * app. Every call from the internal server passes here after the caller's identity is known
 * and before the app is called. Access-control policies ({@code spec.accessControl}) plug in
 * here; until then every call is admitted.
 */
@ApplicationScoped
public class CalleeGate {

    /**
     * Whether the call may reach the app.
     *
     * @param caller the caller, from its certificate with mTLS
     * @param httpVerb the HTTP verb ({@code GET}, {@code POST}, ...; {@code POST} for gRPC apps)
     * @param method the method, normalised (no leading slash, no {@code ..})
     * @return {@code true} to call the app; {@code false} answers the caller 403
     */
    public boolean admit(CallerIdentity caller, String httpVerb, String method) {
        return true;
    }
}
