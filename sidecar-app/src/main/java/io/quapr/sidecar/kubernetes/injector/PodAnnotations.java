package io.quapr.sidecar.kubernetes.injector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.quapr.sidecar.kubernetes.DaprPods;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A pod's {@code metadata.annotations}, read as typed values. A value that does not parse
 * refuses the pod with a message naming the annotation and the value: daprd's injector logs a
 * warning and runs the sidecar with the default instead, which hides the mistake in a log nobody
 * reads and starts a sidecar on the wrong port.
 */
final class PodAnnotations {

    private static final Set<String> FALSE = Set.of("0", "f", "false", "n", "no", "off");

    /** A Kubernetes resource quantity: a decimal number and an SI, binary or exponent suffix. */
    private static final Pattern QUANTITY = Pattern
            .compile("([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?");

    private final JsonNode annotations;

    /** @param annotations the pod's {@code metadata.annotations}; may be null or missing */
    PodAnnotations(JsonNode annotations) {
        this.annotations = annotations == null ? MissingNode.getInstance() : annotations;
    }

    /** The value as written, when the annotation is there. */
    Optional<String> string(String key) {
        JsonNode v = annotations.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    String string(String key, String fallback) {
        return string(key).map(String::trim).filter(s -> !s.isEmpty()).orElse(fallback);
    }

    /** Whether the annotation holds a truthy word; anything else (or nothing) is false. */
    boolean truthy(String key) {
        return DaprPods.truthy(string(key).orElse(null));
    }

    /** A boolean: Dapr's truthy and falsy words; anything else refuses the pod. */
    boolean bool(String key, boolean fallback) {
        return optionalBool(key).orElse(fallback);
    }

    Optional<Boolean> optionalBool(String key) {
        Optional<String> v = string(key).map(s -> s.trim().toLowerCase(Locale.ROOT));
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (DaprPods.truthy(v.get())) {
            return Optional.of(true);
        }
        if (FALSE.contains(v.get())) {
            return Optional.of(false);
        }
        throw bad(key, "is not a boolean (true or false)");
    }

    /** A TCP port, 1 to 65535. */
    Optional<Integer> port(String key) {
        Optional<Integer> v = integer(key);
        if (v.isPresent() && (v.get() < 1 || v.get() > 65535)) {
            throw bad(key, "is not a port number (1-65535)");
        }
        return v;
    }

    int port(String key, int fallback) {
        return port(key).orElse(fallback);
    }

    /** An integer of at least {@code min}. */
    int atLeast(String key, int min, int fallback) {
        Optional<Integer> v = integer(key);
        if (v.isPresent() && v.get() < min) {
            throw bad(key, "must be at least " + min);
        }
        return v.orElse(fallback);
    }

    Optional<Integer> atLeast(String key, int min) {
        Optional<Integer> v = integer(key);
        if (v.isPresent() && v.get() < min) {
            throw bad(key, "must be at least " + min);
        }
        return v;
    }

    /** A Kubernetes quantity ({@code 500m}, {@code 1.5}, {@code 256Mi}, {@code 1e3}). */
    Optional<String> quantity(String key) {
        Optional<String> v = string(key).map(String::trim);
        if (v.isPresent() && !QUANTITY.matcher(v.get()).matches()) {
            throw bad(key, "is not a Kubernetes quantity (such as 500m, 1, 256Mi)");
        }
        return v;
    }

    /** One of the allowed words, compared as written (daprd's flags are lower case). */
    String oneOf(String key, Set<String> allowed, String fallback) {
        String v = string(key, fallback);
        if (!allowed.contains(v)) {
            throw bad(key, "is not one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return v;
    }

    private Optional<Integer> integer(String key) {
        Optional<String> v = string(key).map(String::trim);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(v.get()));
        } catch (NumberFormatException e) {
            throw bad(key, "is not an integer");
        }
    }

    /** The refusal for the annotation's current value. */
    InjectionRejectedException bad(String key, String why) {
        return new InjectionRejectedException(
                "annotation " + key + ": \"" + string(key).orElse("") + "\" " + why);
    }
}
