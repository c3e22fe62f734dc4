package io.quapr.spi.state;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Some writes of a bulk set or delete failed; the others were applied. Carries each failed key's
 * cause, so the sidecar can answer as daprd does (409 when an ETag did not match).
 */
public class BulkStateException extends RuntimeException {

    private final Map<String, Throwable> failures;

    public BulkStateException(Map<String, Throwable> failures) {
        super(failures.entrySet().stream().map(e -> "key '" + e.getKey() + "': " + e.getValue().getMessage())
                .collect(Collectors.joining("; ")));
        this.failures = Map.copyOf(failures);
    }

    /** The failed keys and why, in no particular order. */
    public Map<String, Throwable> failures() {
        return failures;
    }
}
