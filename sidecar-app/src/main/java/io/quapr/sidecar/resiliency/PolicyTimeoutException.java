package io.quapr.sidecar.resiliency;

import java.time.Duration;

/**
 * A call cut by a timeout policy; the call itself was cancelled. The message is Go's, as daprd
 * returns it in its errors.
 */
public final class PolicyTimeoutException extends RuntimeException {

    private final Duration timeout;

    PolicyTimeoutException(Duration timeout) {
        super("context deadline exceeded", null, false, false);
        this.timeout = timeout;
    }

    /** The timeout that was exceeded. */
    public Duration timeout() {
        return timeout;
    }
}
