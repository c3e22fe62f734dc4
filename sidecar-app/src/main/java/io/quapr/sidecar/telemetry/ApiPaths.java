package io.quapr.sidecar.telemetry;

/**
 * The template of a Dapr API path, for API log lines with {@code obfuscateURLs}: the values a
 * caller chose (store, key, topic, secret name, app id, method) become placeholders, so no key or
 * name leaves the sidecar in a log line.
 */
final class ApiPaths {

    private ApiPaths() {
    }

    static String template(String path) {
        String[] p = path.split("/", -1);
        if (p.length < 3 || !p[1].startsWith("v1")) {
            return p.length > 1 && !p[1].isEmpty() ? "/" + p[1] + (p.length > 2 ? "/..." : "") : "/";
        }
        String v = "/" + p[1] + "/";
        String block = p[2];
        return switch (block) {
            case "state" -> p.length == 4
                    ? v + "state/{storeName}"
                    : p.length == 5 && (p[4].equals("bulk") || p[4].equals("transaction") || p[4].equals("query"))
                            ? v + "state/{storeName}/" + p[4]
                            : v + "state/{storeName}/{key}";
            case "secrets" -> p.length > 4 && p[4].equals("bulk")
                    ? v + "secrets/{secretStoreName}/bulk"
                    : v + "secrets/{secretStoreName}/{key}";
            case "publish" -> v + "publish/{pubsubname}/{topic}";
            case "bindings" -> v + "bindings/{name}";
            case "invoke" -> v + "invoke/{id}/method/{method}";
            case "healthz", "metadata", "shutdown" -> path;
            default -> v + block + (p.length > 3 ? "/..." : "");
        };
    }
}
