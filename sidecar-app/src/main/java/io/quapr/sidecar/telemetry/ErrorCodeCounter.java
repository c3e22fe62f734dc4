package io.quapr.sidecar.telemetry;

/**
 * Where the error renderings report each {@code ERR_*} code they answer with, for
 * {@code dapr_error_code_total} ({@code spec.metrics.recordErrorCodes}). Static because the gRPC
 * rendering is a static function; {@link DaprMetrics} plugs itself in when it starts.
 */
public final class ErrorCodeCounter {

    private static volatile DaprMetrics metrics;

    private ErrorCodeCounter() {
    }

    static void use(DaprMetrics m) {
        metrics = m;
    }

    /**
     * Counts one error answered to a caller.
     *
     * @param code the {@code ERR_*} code
     * @param category daprd's category ({@code state}, {@code pubsub}, {@code secret}, {@code health}, {@code common})
     */
    public static void record(String code, String category) {
        DaprMetrics m = metrics;
        if (m != null) {
            m.errorCode(code, category);
        }
    }
}
