package io.quapr.sidecar.api.errors;

import io.grpc.Status;

/**
 * daprd's error codes: the {@code errorCode} the HTTP API returns, the {@code ErrorInfo} reason
 * the gRPC API attaches (empty where daprd attaches none), and the HTTP and gRPC status daprd
 * answers with. Names follow daprd's {@code errorcodes} table.
 */
public enum ErrorCode {
    // common
    BAD_REQUEST("ERR_BAD_REQUEST", "", 400, Status.Code.INVALID_ARGUMENT),
    BODY_READ("ERR_BODY_READ", "", 400, Status.Code.INVALID_ARGUMENT),
    MALFORMED_REQUEST("ERR_MALFORMED_REQUEST", "", 400, Status.Code.INVALID_ARGUMENT),
    MALFORMED_REQUEST_DATA("ERR_MALFORMED_REQUEST_DATA", "", 400, Status.Code.INVALID_ARGUMENT),
    BODY_TOO_LARGE("ERR_BODY_TOO_LARGE", "", 413, Status.Code.RESOURCE_EXHAUSTED),
    API_UNIMPLEMENTED("ERR_API_UNIMPLEMENTED", "", 501, Status.Code.UNIMPLEMENTED),
    INTERNAL("ERR_INTERNAL", "", 500, Status.Code.INTERNAL),
    GENERIC("ERROR", "ERROR", 500, Status.Code.UNKNOWN),
    // state
    STATE_STORE_NOT_FOUND("ERR_STATE_STORE_NOT_FOUND", "DAPR_STATE_NOT_FOUND", 400, Status.Code.INVALID_ARGUMENT),
    STATE_STORE_NOT_CONFIGURED("ERR_STATE_STORE_NOT_CONFIGURED", "DAPR_STATE_NOT_CONFIGURED", 500,
            Status.Code.FAILED_PRECONDITION),
    STATE_ILLEGAL_KEY("ERR_MALFORMED_REQUEST", "DAPR_STATE_ILLEGAL_KEY", 400, Status.Code.INVALID_ARGUMENT),
    STATE_TRANSACTIONS_NOT_SUPPORTED("ERR_STATE_STORE_NOT_SUPPORTED", "DAPR_STATE_TRANSACTIONS_NOT_SUPPORTED", 500,
            Status.Code.UNIMPLEMENTED),
    STATE_QUERY_NOT_SUPPORTED("ERR_STATE_STORE_NOT_SUPPORTED", "DAPR_STATE_QUERYING_NOT_SUPPORTED", 500,
            Status.Code.INTERNAL),
    STATE_TOO_MANY_TRANSACTIONS("ERR_STATE_STORE_TOO_MANY_TRANSACTIONS", "DAPR_STATE_TOO_MANY_TRANSACTIONS", 400,
            Status.Code.INVALID_ARGUMENT),
    STATE_QUERY("ERR_STATE_QUERY", "DAPR_STATE_QUERY_FAILED", 500, Status.Code.INTERNAL),
    STATE_GET("ERR_STATE_GET", "", 500, Status.Code.INTERNAL),
    STATE_SAVE("ERR_STATE_SAVE", "", 500, Status.Code.INTERNAL),
    STATE_DELETE("ERR_STATE_DELETE", "", 500, Status.Code.INTERNAL),
    STATE_BULK_GET("ERR_STATE_BULK_GET", "", 500, Status.Code.INTERNAL),
    STATE_BULK_DELETE("ERR_STATE_BULK_DELETE", "", 500, Status.Code.INTERNAL),
    STATE_TRANSACTION("ERR_STATE_TRANSACTION", "", 500, Status.Code.INTERNAL),
    STATE_NOT_SUPPORTED_OPERATION("ERR_NOT_SUPPORTED_STATE_OPERATION", "", 400, Status.Code.UNIMPLEMENTED),
    // secrets
    SECRET_STORES_NOT_CONFIGURED("ERR_SECRET_STORES_NOT_CONFIGURED", "", 500, Status.Code.FAILED_PRECONDITION),
    SECRET_STORE_NOT_FOUND("ERR_SECRET_STORE_NOT_FOUND", "", 401, Status.Code.INVALID_ARGUMENT),
    SECRET_PERMISSION_DENIED("ERR_PERMISSION_DENIED", "", 403, Status.Code.PERMISSION_DENIED),
    SECRET_GET("ERR_SECRET_GET", "", 500, Status.Code.INTERNAL),
    // health
    HEALTH_NOT_READY("ERR_HEALTH_NOT_READY", "", 500, Status.Code.INTERNAL),
    OUTBOUND_HEALTH_NOT_READY("ERR_OUTBOUND_HEALTH_NOT_READY", "", 500, Status.Code.INTERNAL);

    private final String code;
    private final String reason;
    private final int httpStatus;
    private final Status.Code grpcCode;

    ErrorCode(String code, String reason, int httpStatus, Status.Code grpcCode) {
        this.code = code;
        this.reason = reason;
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
    }

    /** The {@code ERR_*} string of the HTTP body's {@code errorCode}. */
    public String code() {
        return code;
    }

    /** The {@code google.rpc.ErrorInfo} reason, or empty when daprd attaches no ErrorInfo. */
    public String reason() {
        return reason;
    }

    /** The HTTP status daprd answers with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The gRPC status code daprd answers with. */
    public Status.Code grpcCode() {
        return grpcCode;
    }
}
