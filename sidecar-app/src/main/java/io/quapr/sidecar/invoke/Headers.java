package io.quapr.sidecar.invoke;

import io.quapr.internal.v1.Header;
import io.quapr.internal.v1.RequestHead;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers travel with an invocation, and their conversion to and from the internal
 * protocol. Connection-level headers (RFC 9110 hop-by-hop, HTTP/2 pseudo headers) stay on their
 * hop; {@code dapr-app-id} and {@code dapr-api-token} are for the sidecar only, as in daprd.
 */
final class Headers {

    static final String CALLER_APP_ID = "dapr-caller-app-id";
    static final String CALLER_NAMESPACE = "dapr-caller-namespace";
    static final String CALLEE_APP_ID = "dapr-callee-app-id";

    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "host", "http2-settings", "dapr-app-id", "dapr-api-token",
            "proxy-authorization", "proxy-authenticate");

    private Headers() {
    }

    /** Whether a header travels to the next hop. */
    static boolean forwarded(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return !n.startsWith(":") && !NOT_FORWARDED.contains(n);
    }

    /** The headers that travel, in order. */
    static List<Header> toProto(MultiMap headers) {
        List<Header> out = new ArrayList<>(headers.size());
        for (Map.Entry<String, String> e : headers) {
            if (forwarded(e.getKey())) {
                out.add(Header.newBuilder().setName(e.getKey()).setValue(e.getValue()).build());
            }
        }
        return out;
    }

    /** Adds the headers (repeated names kept) to a Vert.x request or response. */
    static void copy(List<Header> headers, MultiMap into) {
        for (Header h : headers) {
            if (forwarded(h.getName())) {
                into.add(h.getName(), h.getValue());
            }
        }
    }

    /** Whether the list has the header (case-insensitive). */
    static boolean has(List<Header> headers, String name) {
        for (Header h : headers) {
            if (h.getName().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** The first value of a header (case-insensitive), or null. */
    static String first(List<Header> headers, String name) {
        for (Header h : headers) {
            if (h.getName().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    /**
     * The request with these {@code traceparent}/{@code tracestate} in place of its own, so the
     * next hop continues this sidecar's span rather than the caller's; unchanged when empty.
     */
    static RequestHead withTrace(RequestHead head, Map<String, String> trace) {
        if (trace.isEmpty()) {
            return head;
        }
        RequestHead.Builder b = head.toBuilder().clearHeaders();
        for (Header h : head.getHeadersList()) {
            String name = h.getName().toLowerCase(Locale.ROOT);
            if (!name.equals("traceparent") && !name.equals("tracestate")) {
                b.addHeaders(h);
            }
        }
        trace.forEach((k, v) -> b.addHeaders(Header.newBuilder().setName(k).setValue(v)));
        return b.build();
    }
}
