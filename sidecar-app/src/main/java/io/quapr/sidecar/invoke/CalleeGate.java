package io.quapr.sidecar.invoke;

import io.quapr.sidecar.security.AccessControl;
import io.quapr.sidecar.security.AccessDecision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one place the callee side decides whether a call from another sidecar may reach this
 * app: every call from the internal server passes here after the caller's identity is known and
 * before the app is called, and the access-control policies ({@code spec.accessControl}) decide.
 */
@ApplicationScoped
public class CalleeGate {

    @Inject
    AccessControl accessControl;

    /**
     * Whether the call may reach the app.
     *
     * @param caller the caller, from its certificate with mTLS; without mTLS its trust domain is
     *        empty and, as in daprd, only the global {@code defaultAction} applies (an identity
     *        the caller states about itself is never trusted for a policy)
     * @param httpVerb the HTTP verb ({@code GET}, {@code POST}, ...; {@code POST} for gRPC apps)
     * @param method the method, normalised (no leading slash, no {@code ..})
     * @return the decision; a denial answers the caller 403 with its message
     */
    public AccessDecision admit(CallerIdentity caller, String httpVerb, String method) {
        if (!accessControl.enabled()) {
            return AccessDecision.ALLOWED;
        }
        boolean fromCertificate = !caller.trustDomain().isEmpty();
        return accessControl.decide(caller.trustDomain(), caller.namespace(),
                fromCertificate && !caller.appId().isEmpty() ? caller.appId() : null, httpVerb, method);
    }
}
