package io.quapr.sidecar.pubsub;

/** Booleans spelled as Go's {@code strconv.ParseBool} reads them, which daprd uses for metadata. */
final class GoBool {

    private GoBool() {
    }

    /** The value, or null when Go would refuse it. */
    static Boolean parse(String value) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> null;
        };
    }
}
