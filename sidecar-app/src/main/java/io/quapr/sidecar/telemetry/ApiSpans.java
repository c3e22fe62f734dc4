package io.quapr.sidecar.telemetry;

import io.opentelemetry.api.trace.Span;

/**
 * daprd's span attributes for one API call, by building block, read from the request path
 * ({@code /v1.0/state/{store}/...}, {@code /v1.0/publish/{pubsub}/{topic}}, ...) or from the gRPC
 * method; what daprd adds for every call ({@code dapr.api}, {@code dapr.protocol}) too.
 */
final class ApiSpans {

    private ApiSpans() {
    }

    /** Attributes of an HTTP API call, set before it runs (the status is set at its end). */
    static void http(Span span, String method, String path, String uri, String remoteHost) {
        span.setAttribute("dapr.api", method + " " + path);
        span.setAttribute("dapr.protocol", "http");
        span.setAttribute("http.request.method", method);
        span.setAttribute("url.full", uri);
        if (remoteHost != null) {
            span.setAttribute("server.address", remoteHost);
        }
        String[] p = path.split("/", 6);
        // p[0] is empty, p[1] the version
        if (p.length < 4) {
            return;
        }
        switch (p[2]) {
            case "state", "secrets", "bindings" -> {
                String system = p[2].equals("bindings") ? "bindings" : p[2];
                span.setAttribute("db.system", system);
                span.setAttribute("db.connection_string", system);
                span.setAttribute("db.statement", method + " " + path);
                span.setAttribute("db.name", p[3]);
            }
            case "publish" -> {
                span.setAttribute("messaging.system", "pubsub");
                if (p.length > 4) {
                    span.setAttribute("messaging.destination.name", p[4]);
                }
            }
            case "invoke" -> {
                span.setAttribute("rpc.service", "ServiceInvocation");
                span.setAttribute("net.peer.name", p[3]);
                if (p.length > 5 && p[4].equals("method")) {
                    // daprd names an invocation span after the callee and method
                    span.updateName("CallLocal/" + p[3] + "/" + p[5]);
                }
            }
            default -> {
            }
        }
    }

    /** Attributes of a gRPC API call. */
    static void grpc(Span span, String fullMethod) {
        span.setAttribute("dapr.api", fullMethod);
        span.setAttribute("dapr.protocol", "grpc");
        span.setAttribute("rpc.system", "grpc");
        int slash = fullMethod.lastIndexOf('/');
        String service = slash > 1 ? fullMethod.substring(fullMethod.lastIndexOf('.', slash) + 1, slash) : "";
        span.setAttribute("rpc.service", service);
        String m = fullMethod.substring(slash + 1);
        if (m.contains("State")) {
            span.setAttribute("db.system", "state");
        } else if (m.contains("Secret")) {
            span.setAttribute("db.system", "secrets");
        } else if (m.contains("Publish")) {
            span.setAttribute("messaging.system", "pubsub");
        }
    }
}
