package io.quapr.sidecar.resiliency;

/**
 * A failure that carries the status code the other side answered (an HTTP status, or a gRPC
 * status code 0-16), so a retry policy's {@code matching} can decide whether to retry it. As in
 * daprd, a code from 0 to 16 is read as gRPC and 100 to 599 as HTTP; a failure without a code
 * (a refused connection, a timeout) is always retried. Service invocation's failures implement
 * this.
 */
public interface StatusCoded {

    /** The status code of the failed answer. */
    int statusCode();
}
