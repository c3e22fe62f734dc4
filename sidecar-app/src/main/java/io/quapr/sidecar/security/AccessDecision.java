package io.quapr.sidecar.security;

/**
 * The outcome of an access-control check on an incoming invocation.
 *
 * @param allowed whether the call may go to the app
 * @param message daprd's words for a denial ({@code access control policy has denied access to
 *        id: spiffe://... operation: ... verb: ...}), the {@code PERMISSION_DENIED} message;
 *        empty when allowed
 */
public record AccessDecision(boolean allowed, String message) {

    /** A call that may go on. */
    public static final AccessDecision ALLOWED = new AccessDecision(true, "");
}
