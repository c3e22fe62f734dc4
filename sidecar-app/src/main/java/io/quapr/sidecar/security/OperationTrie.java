package io.quapr.sidecar.security;

import java.util.ArrayList;
import java.util.List;

/**
 * The operations of one access-control policy, looked up as daprd looks them up: by path
 * segment, in the order the operations were written, where a segment pattern may hold
 * {@code *} (any characters within the segment), a whole segment {@code *} matches one last
 * segment only, a whole segment {@code **} matches everything below, and an operation that is a
 * prefix of the called path matches it too ({@code /orders} matches {@code /orders/7}).
 * The first operation written for a path wins.
 *
 * @param <T> what an operation carries
 */
final class OperationTrie<T> {

    private static final String ONE = "/*";
    private static final String ALL = "/**";

    private static final class Node<T> {
        final String segment;
        final List<Node<T>> children = new ArrayList<>();
        T value;

        Node(String segment, T value) {
            this.segment = segment;
            this.value = value;
        }
    }

    private final Node<T> root = new Node<>("/", null);

    /**
     * Adds an operation.
     *
     * @param operation the path pattern, starting with {@code /}
     * @param value what it carries
     */
    void put(String operation, T value) {
        String[] parts = operation.split("/", -1);
        Node<T> node = root;
        for (int i = 1; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            String segment = "/" + parts[i];
            Node<T> child = null;
            for (Node<T> c : node.children) {
                if (c.segment.equals(segment)) {
                    child = c;
                    break;
                }
            }
            if (child == null) {
                child = new Node<>(segment, last ? value : null);
                node.children.add(child);
                node = child;
            } else if (last) {
                if (child.value == null) {
                    child.value = value;
                }
            } else {
                node = child;
            }
        }
    }

    /**
     * The operation a called path falls under.
     *
     * @param path the called path, starting with {@code /}
     * @return what the matching operation carries, or null when none matches
     */
    T search(String path) {
        String[] parts = path.split("/", -1);
        Node<T> node = root;
        for (int i = 1; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            node = child(node, "/" + parts[i], last);
            if (node == null) {
                return null;
            }
            if (node.value != null) {
                if (!last && node.segment.endsWith(ONE) && !node.segment.endsWith(ALL)) {
                    continue;
                }
                return node.value;
            }
            if (last) {
                Node<T> any = child(node, ONE, true);
                return any == null ? null : any.value;
            }
        }
        return null;
    }

    private static <T> Node<T> child(Node<T> node, String segment, boolean last) {
        for (Node<T> c : node.children) {
            if (c.segment.equals(segment)) {
                return c;
            }
            if (c.segment.equals(ONE)) {
                if (last) {
                    return c;
                }
                continue;
            }
            if (c.segment.equals(ALL) || wildcardMatch(segment, c.segment)) {
                return c;
            }
        }
        return null;
    }

    /** Whether {@code text} matches {@code pattern}, where {@code *} stands for any characters. */
    static boolean wildcardMatch(String text, String pattern) {
        int t = 0;
        int p = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
