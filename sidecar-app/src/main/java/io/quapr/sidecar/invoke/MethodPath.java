package io.quapr.sidecar.invoke;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where daprd finds the target and method of an HTTP invocation, and its normalisation of the
 * method (Go's {@code path.Clean}: no empty or {@code .} segments, {@code ..} resolved, never
 * above the root).
 */
public final class MethodPath {

    private MethodPath() {
    }

    /**
     * The target and method of {@code /v1.0/invoke/<target>/method/<method>} (path decoded).
     *
     * @return {@code {target, method}}, or {@code null} when the path has no such form
     */
    public static String[] fromInvokePath(String decodedPath) {
        String prefix = "/v1.0/invoke/";
        String p = decodedPath;
        while (p.startsWith("//")) {
            p = p.substring(1);
        }
        if (!p.startsWith(prefix)) {
            return null;
        }
        String rest = p.substring(prefix.length());
        int idx = rest.indexOf("/method/");
        if (idx <= 0) {
            return null;
        }
        return new String[] { rest.substring(0, idx), clean(rest.substring(idx + "/method/".length())) };
    }

    /** Go's {@code path.Clean} without the leading slash; empty for the root. */
    public static String clean(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(seg);
            }
        }
        return String.join("/", parts);
    }

    /** The method as a URI path: each segment percent-encoded where a path does not allow the character. */
    public static String encode(String method) {
        StringBuilder out = new StringBuilder(method.length() + 8);
        byte[] bytes = method.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
