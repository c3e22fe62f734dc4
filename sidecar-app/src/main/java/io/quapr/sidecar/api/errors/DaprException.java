package io.quapr.sidecar.api.errors;

import io.grpc.Status;
import java.util.Map;

/**
 * The one error type of the API: a daprd error code, a message, and the details daprd attaches.
 * Block services throw it; {@link DaprExceptionHttpMapper} and {@link GrpcErrors} render it for
 * their transport, so both say the same thing.
 */
public class DaprException extends RuntimeException {

    private final ErrorCode code;
    private final int httpStatus;
    private final Status.Code grpcCode;
    private final Map<String, String> infoMetadata;
    private final Resource resource;

    /**
     * @param code the daprd error
     * @param message what went wrong, in daprd's words
     */
    public DaprException(ErrorCode code, String message) {
        this(code, code.httpStatus(), code.grpcCode(), message, Map.of(), null, null);
    }

    private DaprException(ErrorCode code, int httpStatus, Status.Code grpcCode, String message,
            Map<String, String> infoMetadata, Resource resource, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
        this.infoMetadata = infoMetadata;
        this.resource = resource;
    }

    /** The same error answered with other statuses (daprd's 409/ABORTED for ETag mismatches). */
    public DaprException withStatus(int http, Status.Code grpc) {
        return new DaprException(code, http, grpc, getMessage(), infoMetadata, resource, getCause());
    }

    /** The same error with {@code ErrorInfo} metadata ({@code appID}, ...). */
    public DaprException withInfo(Map<String, String> metadata) {
        return new DaprException(code, httpStatus, grpcCode, getMessage(), Map.copyOf(metadata), resource, getCause());
    }

    /** The same error naming the resource it concerns ({@code google.rpc.ResourceInfo}). */
    public DaprException withResource(String type, String name) {
        return withResource(type, name, "");
    }

    /**
     * The same error naming the resource it concerns, with the {@code ResourceInfo} description
     * daprd fills in for some blocks (pub/sub repeats the message there).
     */
    public DaprException withResource(String type, String name, String description) {
        return new DaprException(code, httpStatus, grpcCode, getMessage(), infoMetadata,
                new Resource(type, name, description), getCause());
    }

    /** The same error with the underlying cause attached (logged, never sent). */
    public DaprException withCause(Throwable cause) {
        return new DaprException(code, httpStatus, grpcCode, getMessage(), infoMetadata, resource, cause);
    }

    /** The daprd error code. */
    public ErrorCode code() {
        return code;
    }

    /** The HTTP status to answer with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The gRPC status code to answer with. */
    public Status.Code grpcCode() {
        return grpcCode;
    }

    /** The {@code ErrorInfo} metadata; empty when none. */
    public Map<String, String> infoMetadata() {
        return infoMetadata;
    }

    /** The resource the error concerns, or {@code null}. */
    public Resource resource() {
        return resource;
    }

    /**
     * A resource an error concerns.
     *
     * @param type its kind ({@code state}, {@code secretstore})
     * @param name the component name
     * @param description the {@code ResourceInfo} description; empty for most blocks
     */
    public record Resource(String type, String name, String description) {
    }
}
