package io.quapr.sidecar.invoke;

/**
 * Whom a call is for: an app by id (and namespace), or an external HTTP endpoint.
 *
 * @param appId the app id, the {@code HTTPEndpoint} name, or the external base URL
 * @param namespace the app's namespace ({@code appId.namespace}), else the caller's own
 */
public record InvokeTarget(String appId, String namespace) {

    /**
     * daprd's reading of a target id: {@code id} (the caller's namespace), {@code id.namespace},
     * or an {@code http://} / {@code https://} URL taken as is.
     *
     * @throws IllegalArgumentException for an id with more than one dot
     */
    public static InvokeTarget parse(String raw, String ownNamespace) {
        if (raw.startsWith("http://") || raw.startsWith("https://")) {
            return new InvokeTarget(raw, "");
        }
        int dot = raw.indexOf('.');
        if (dot < 0) {
            return new InvokeTarget(raw, ownNamespace);
        }
        if (raw.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("invalid app id " + raw);
        }
        return new InvokeTarget(raw.substring(0, dot), raw.substring(dot + 1));
    }

    /** Whether the target is an external URL rather than an app. */
    public boolean isUrl() {
        return appId.startsWith("http://") || appId.startsWith("https://");
    }
}
