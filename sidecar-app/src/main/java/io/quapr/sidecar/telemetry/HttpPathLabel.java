package io.quapr.sidecar.telemetry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The {@code path} label of the HTTP metrics, as daprd chooses it: with
 * {@code spec.metrics.http.pathMatching} the matching pattern ({@code /v1.0/state/{store}/{key}}),
 * an empty label for other paths; with {@code increasedCardinality} the path cut by daprd's rules
 * (state key, secret name, actor id dropped); empty otherwise. A few static paths
 * ({@code /healthz}, {@code /dapr/subscribe}, ...) keep their name.
 */
final class HttpPathLabel {

    private static final Set<String> STATIC_PATHS = Set.of("/dapr/config", "/dapr/metrics", "/dapr/subscribe",
            "/healthz");

    private final boolean legacy;
    /** Most specific first: literal segments outrank wildcards, longer patterns outrank shorter. */
    private final List<Pattern> patterns;

    HttpPathLabel(List<String> pathMatching, boolean legacy) {
        this.legacy = legacy;
        List<Pattern> list = new ArrayList<>();
        for (String raw : pathMatching) {
            String p = normalize(raw);
            list.add(new Pattern(p));
            if (!p.startsWith("/v1.0/invoke/")) {
                // daprd registers the service invocation form of every pattern too
                list.add(new Pattern("/v1.0/invoke/{app_id}/method" + p));
            }
        }
        list.sort(Comparator.comparingInt((Pattern p) -> -p.literals).thenComparingInt(p -> -p.segments.length));
        this.patterns = List.copyOf(list);
    }

    /** The label for one request path. */
    String label(String path) {
        if (STATIC_PATHS.contains(path)) {
            return path;
        }
        if (!patterns.isEmpty()) {
            String clean = normalize(path);
            String[] segs = split(clean);
            for (Pattern p : patterns) {
                if (p.matches(segs, clean)) {
                    return p.text;
                }
            }
        }
        return legacy ? legacyLabel(path) : "";
    }

    /** daprd's reduction for {@code increasedCardinality}: drop the variable part of a few APIs. */
    static String legacyLabel(String path) {
        if (path.isEmpty()) {
            return path;
        }
        String clean = normalize(path);
        String[] parts = clean.substring(1).split("/", 6);
        if (parts.length < 3) {
            return clean;
        }
        if (parts[0].equals("actors")) {
            parts[2] = "{id}";
            return String.join("/", parts);
        }
        switch (parts[1]) {
            case "state", "secrets" :
                return "/" + parts[0] + "/" + parts[1] + "/" + parts[2];
            case "actors" :
                if (parts.length < 5) {
                    return clean;
                }
                parts[3] = "{id}";
                return "/" + String.join("/", List.of(parts).subList(0, 5));
            default :
                return clean;
        }
    }

    static String normalize(String p) {
        while (p.contains("//")) {
            p = p.replace("//", "/");
        }
        return p.startsWith("/") ? p : "/" + p;
    }

    private static String[] split(String clean) {
        return clean.length() <= 1 ? new String[0] : clean.substring(1).split("/", -1);
    }

    /** One Go ServeMux-style pattern: {@code {name}} matches one segment, {@code {name...}} the rest, a trailing slash a subtree. */
    private static final class Pattern {
        final String text;
        final String[] segments;
        final boolean subtree;
        final int literals;

        Pattern(String text) {
            this.text = text;
            this.subtree = text.endsWith("/") && text.length() > 1 || text.equals("/");
            String body = subtree ? text.substring(0, text.length() - 1) : text;
            this.segments = split(body.isEmpty() ? "/" : body);
            int n = 0;
            for (String s : segments) {
                if (!s.startsWith("{")) {
                    n++;
                }
            }
            this.literals = n;
        }

        boolean matches(String[] path, String clean) {
            if (text.equals("/")) {
                return true;
            }
            for (int i = 0; i < segments.length; i++) {
                String s = segments[i];
                if (s.startsWith("{") && s.endsWith("...}")) {
                    return path.length >= i;
                }
                if (i >= path.length) {
                    return false;
                }
                if (!s.startsWith("{") && !s.equals(path[i])) {
                    return false;
                }
            }
            return subtree ? path.length >= segments.length : path.length == segments.length;
        }
    }
}
