package io.quapr.sidecar.api.errors;

import io.grpc.Status;

/**
 * daprd's error codes: the {@code errorCode} the HTTP API returns, the {@code ErrorInfo} reason
 * the gRPC API attaches (empty where daprd attaches none), and the HTTP and gRPC status daprd
 * answers with. Names follow daprd's {@code errorcodes} table.
 *
 * <p>
 * A few state errors are built differently by daprd's two servers: its HTTP server sends them
 * without details, its gRPC server with an {@code ErrorInfo} whose reason is the {@code ERR_*}
 * code itself. Those are marked {@code grpcInfoFromCode} ({@link #grpcReason()}).
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
    STATE_GET("ERR_STATE_GET", "", 500, Status.Code.INTERNAL, true),
    STATE_SAVE("ERR_STATE_SAVE", "", 500, Status.Code.INTERNAL, true),
    STATE_DELETE("ERR_STATE_DELETE", "", 500, Status.Code.INTERNAL, true),
    // daprd's GetBulkState returns the store's error as is: gRPC UNKNOWN
    STATE_BULK_GET("ERR_STATE_BULK_GET", "", 500, Status.Code.UNKNOWN),
    STATE_BULK_DELETE("ERR_STATE_BULK_DELETE", "", 500, Status.Code.INTERNAL, true),
    STATE_TRANSACTION("ERR_STATE_TRANSACTION", "", 500, Status.Code.INTERNAL, true),
    STATE_NOT_SUPPORTED_OPERATION("ERR_NOT_SUPPORTED_STATE_OPERATION", "", 400, Status.Code.UNIMPLEMENTED, true),
    // secrets
    SECRET_STORES_NOT_CONFIGURED("ERR_SECRET_STORES_NOT_CONFIGURED", "", 500, Status.Code.FAILED_PRECONDITION),
    SECRET_STORE_NOT_FOUND("ERR_SECRET_STORE_NOT_FOUND", "", 401, Status.Code.INVALID_ARGUMENT),
    SECRET_PERMISSION_DENIED("ERR_PERMISSION_DENIED", "", 403, Status.Code.PERMISSION_DENIED),
    SECRET_GET("ERR_SECRET_GET", "", 500, Status.Code.INTERNAL),
    // pub/sub (daprd's PubSubNotConfigured is left out: daprd's publisher always exists, so an
    // unknown pubsub name is always ERR_PUBSUB_NOT_FOUND there)
    PUBSUB_EMPTY("ERR_PUBSUB_EMPTY", "DAPR_PUBSUB_NAME_EMPTY", 404, Status.Code.INVALID_ARGUMENT),
    PUBSUB_NOT_FOUND("ERR_PUBSUB_NOT_FOUND", "DAPR_PUBSUB_NOT_FOUND", 404, Status.Code.INVALID_ARGUMENT),
    PUBSUB_TOPIC_NAME_EMPTY("ERR_TOPIC_NAME_EMPTY", "DAPR_PUBSUB_TOPIC_NAME_EMPTY", 404, Status.Code.INVALID_ARGUMENT),
    PUBSUB_FORBIDDEN("ERR_PUBSUB_FORBIDDEN", "DAPR_PUBSUB_FORBIDDEN", 403, Status.Code.PERMISSION_DENIED),
    PUBSUB_PUBLISH_MESSAGE("ERR_PUBSUB_PUBLISH_MESSAGE", "DAPR_PUBSUB_PUBLISH_MESSAGE", 500, Status.Code.INTERNAL),
    PUBSUB_REQUEST_METADATA("ERR_PUBSUB_REQUEST_METADATA", "DAPR_PUBSUB_METADATA_DESERIALIZATION", 400,
            Status.Code.INVALID_ARGUMENT),
    PUBSUB_CLOUD_EVENTS_SER("ERR_PUBSUB_CLOUD_EVENTS_SER", "DAPR_PUBSUB_CLOUD_EVENT_CREATION", 500,
            Status.Code.INVALID_ARGUMENT),
    PUBSUB_MARSHAL_ENVELOPE("ERR_PUBSUB_EVENTS_SER", "DAPR_PUBSUB_MARSHAL_ENVELOPE", 400, Status.Code.INVALID_ARGUMENT),
    PUBSUB_MARSHAL_EVENTS("ERR_PUBSUB_EVENTS_SER", "DAPR_PUBSUB_MARSHAL_EVENTS", 400, Status.Code.INVALID_ARGUMENT),
    PUBSUB_UNMARSHAL_EVENTS("ERR_PUBSUB_EVENTS_SER", "DAPR_PUBSUB_UNMARSHAL_EVENTS", 400, Status.Code.INVALID_ARGUMENT),
    // service invocation (daprd's ErrDirectInvoke and ErrDirectInvokeNoAppID share the code)
    DIRECT_INVOKE("ERR_DIRECT_INVOKE", "", 500, Status.Code.INTERNAL),
    DIRECT_INVOKE_NO_APP_ID("ERR_DIRECT_INVOKE", "", 404, Status.Code.NOT_FOUND),
    // workflows (daprd's pkg/api/errors/workflow.go: no ErrorInfo reason; category "workflow")
    WORKFLOW_START("ERR_START_WORKFLOW", "", 500, Status.Code.INTERNAL),
    WORKFLOW_GET("ERR_GET_WORKFLOW", "", 500, Status.Code.INTERNAL),
    WORKFLOW_TERMINATE("ERR_TERMINATE_WORKFLOW", "", 500, Status.Code.INTERNAL),
    WORKFLOW_RAISE_EVENT("ERR_RAISE_EVENT_WORKFLOW", "", 500, Status.Code.INTERNAL),
    WORKFLOW_PAUSE("ERR_PAUSE_WORKFLOW", "", 500, Status.Code.INTERNAL),
    WORKFLOW_RESUME("ERR_RESUME_WORKFLOW", "", 500, Status.Code.INTERNAL),
    WORKFLOW_PURGE("ERR_PURGE_WORKFLOW", "", 500, Status.Code.INTERNAL),
    WORKFLOW_NAME_MISSING("ERR_WORKFLOW_NAME_MISSING", "", 400, Status.Code.INVALID_ARGUMENT),
    WORKFLOW_EVENT_NAME_MISSING("ERR_WORKFLOW_EVENT_NAME_MISSING", "", 400, Status.Code.INVALID_ARGUMENT),
    WORKFLOW_COMPONENT_MISSING("ERR_WORKFLOW_COMPONENT_MISSING", "", 400, Status.Code.INVALID_ARGUMENT),
    WORKFLOW_COMPONENT_NOT_FOUND("ERR_WORKFLOW_COMPONENT_NOT_FOUND", "", 400, Status.Code.INVALID_ARGUMENT),
    WORKFLOW_INSTANCE_ID_MISSING("ERR_INSTANCE_ID_PROVIDED_MISSING", "", 400, Status.Code.INVALID_ARGUMENT),
    WORKFLOW_INSTANCE_ID_INVALID("ERR_INSTANCE_ID_INVALID", "", 400, Status.Code.INVALID_ARGUMENT),
    WORKFLOW_INSTANCE_ID_TOO_LONG("ERR_INSTANCE_ID_TOO_LONG", "", 400, Status.Code.INVALID_ARGUMENT),
    WORKFLOW_INSTANCE_NOT_FOUND("ERR_INSTANCE_ID_NOT_FOUND", "", 404, Status.Code.NOT_FOUND),
    // bindings (daprd answers every output binding failure, an unknown binding included, with this one)
    BINDING_INVOKE_OUTPUT("ERR_INVOKE_OUTPUT_BINDING", "", 500, Status.Code.INTERNAL, true),
    // configuration (daprd's gRPC server attaches an ErrorInfo whose reason is the code; its HTTP
    // server none; unsubscribing over HTTP answers {"message"} instead, see ConfigurationResource)
    CONFIGURATION_STORE_NOT_CONFIGURED("ERR_CONFIGURATION_STORE_NOT_CONFIGURED", "", 500,
            Status.Code.FAILED_PRECONDITION, true),
    CONFIGURATION_STORE_NOT_FOUND("ERR_CONFIGURATION_STORE_NOT_FOUND", "", 400, Status.Code.INVALID_ARGUMENT, true),
    CONFIGURATION_GET("ERR_CONFIGURATION_GET", "", 500, Status.Code.INTERNAL, true),
    CONFIGURATION_SUBSCRIBE("ERR_CONFIGURATION_SUBSCRIBE", "", 500, Status.Code.INVALID_ARGUMENT, true),
    CONFIGURATION_UNSUBSCRIBE("ERR_CONFIGURATION_UNSUBSCRIBE", "", 500, Status.Code.INTERNAL, true),
    APP_CHANNEL_NIL("ERR_APP_CHANNEL_NIL", "", 500, Status.Code.INTERNAL),
    // distributed lock (an empty resource id, owner or expiry is the common ERR_MALFORMED_REQUEST)
    LOCK_STORE_NOT_CONFIGURED("ERR_LOCK_STORE_NOT_CONFIGURED", "", 500, Status.Code.FAILED_PRECONDITION),
    LOCK_STORE_NOT_FOUND("ERR_LOCK_STORE_NOT_FOUND", "", 400, Status.Code.INVALID_ARGUMENT),
    LOCK_TRY("ERR_TRY_LOCK", "", 500, Status.Code.INTERNAL),
    LOCK_UNLOCK("ERR_UNLOCK", "", 500, Status.Code.INTERNAL),
    // jobs (daprd's pkg/api/errors/scheduler.go: built with no legacy code, so the HTTP errorCode is
    // the ErrorInfo reason; a scheduling failure keeps the scheduler's gRPC code, set per error)
    SCHEDULER_EMPTY("DAPR_SCHEDULER_EMPTY", "DAPR_SCHEDULER_EMPTY", 400, Status.Code.INVALID_ARGUMENT),
    SCHEDULER_JOB_NAME_EMPTY("DAPR_SCHEDULER_JOB_NAME_EMPTY", "DAPR_SCHEDULER_JOB_NAME_EMPTY", 400,
            Status.Code.INVALID_ARGUMENT),
    SCHEDULER_SCHEDULE_EMPTY("DAPR_SCHEDULER_SCHEDULE_EMPTY", "DAPR_SCHEDULER_SCHEDULE_EMPTY", 400,
            Status.Code.INVALID_ARGUMENT),
    SCHEDULER_JOB_NAME("DAPR_SCHEDULER_JOB_NAME", "DAPR_SCHEDULER_JOB_NAME", 400, Status.Code.INVALID_ARGUMENT),
    SCHEDULER_SCHEDULE_JOB_INVALID("DAPR_SCHEDULER_SCHEDULE_JOB", "DAPR_SCHEDULER_SCHEDULE_JOB", 400,
            Status.Code.INVALID_ARGUMENT),
    SCHEDULER_SCHEDULE_JOB_EXISTS("DAPR_SCHEDULER_SCHEDULE_JOB", "DAPR_SCHEDULER_SCHEDULE_JOB", 409,
            Status.Code.ALREADY_EXISTS),
    SCHEDULER_SCHEDULE_JOB("DAPR_SCHEDULER_SCHEDULE_JOB", "DAPR_SCHEDULER_SCHEDULE_JOB", 500, Status.Code.INTERNAL),
    SCHEDULER_GET_JOB("DAPR_SCHEDULER_GET_JOB", "DAPR_SCHEDULER_GET_JOB", 500, Status.Code.INTERNAL),
    SCHEDULER_LIST_JOBS("DAPR_SCHEDULER_LIST_JOBS", "DAPR_SCHEDULER_LIST_JOBS", 500, Status.Code.INTERNAL),
    SCHEDULER_DELETE_JOB("DAPR_SCHEDULER_DELETE_JOB", "DAPR_SCHEDULER_DELETE_JOB", 500, Status.Code.INTERNAL),
    // actors (daprd's messages/predefined.go: no ErrorInfo)
    ACTOR_RUNTIME_NOT_FOUND("ERR_ACTOR_RUNTIME_NOT_FOUND", "", 500, Status.Code.INTERNAL),
    ACTOR_INSTANCE_MISSING("ERR_ACTOR_INSTANCE_MISSING", "", 400, Status.Code.INTERNAL),
    ACTOR_INVOKE_METHOD("ERR_ACTOR_INVOKE_METHOD", "", 500, Status.Code.INTERNAL),
    ACTOR_STATE_GET("ERR_ACTOR_STATE_GET", "", 500, Status.Code.INTERNAL),
    ACTOR_STATE_TRANSACTION_SAVE("ERR_ACTOR_STATE_TRANSACTION_SAVE", "", 500, Status.Code.INTERNAL),
    ACTOR_REMINDER_CREATE("ERR_ACTOR_REMINDER_CREATE", "", 500, Status.Code.INTERNAL),
    ACTOR_REMINDER_GET("ERR_ACTOR_REMINDER_GET", "", 500, Status.Code.INTERNAL),
    ACTOR_REMINDER_DELETE("ERR_ACTOR_REMINDER_DELETE", "", 500, Status.Code.INTERNAL),
    ACTOR_REMINDER_NOT_FOUND("ERR_ACTOR_REMINDER_NOT_FOUND", "", 404, Status.Code.NOT_FOUND),
    ACTOR_REMINDER_ALREADY_EXISTS("ERR_ACTOR_REMINDER_ALREADY_EXISTS", "", 409, Status.Code.ALREADY_EXISTS),
    ACTOR_REMINDER_NON_HOSTED("ERR_ACTOR_REMINDER_NON_HOSTED", "", 403, Status.Code.PERMISSION_DENIED),
    ACTOR_TIMER_CREATE("ERR_ACTOR_TIMER_CREATE", "", 500, Status.Code.INTERNAL),
    ACTOR_STACK_DEPTH("ERR_ACTOR_STACK_DEPTH", "", 500, Status.Code.RESOURCE_EXHAUSTED),
    ACTOR_NO_APP_CHANNEL("ERR_ACTOR_NO_APP_CHANNEL", "", 400, Status.Code.UNAVAILABLE),
    ACTOR_RUNTIME_CLOSED("ERR_ACTOR_RUNTIME_CLOSED", "", 503, Status.Code.UNAVAILABLE),
    ACTOR_NO_ADDRESS("ERR_ACTOR_NO_ADDRESS", "", 404, Status.Code.FAILED_PRECONDITION),
    // health
    HEALTH_NOT_READY("ERR_HEALTH_NOT_READY", "", 500, Status.Code.INTERNAL),
    OUTBOUND_HEALTH_NOT_READY("ERR_OUTBOUND_HEALTH_NOT_READY", "", 500, Status.Code.INTERNAL);

    private final String code;
    private final String reason;
    private final int httpStatus;
    private final Status.Code grpcCode;
    private final boolean grpcInfoFromCode;

    ErrorCode(String code, String reason, int httpStatus, Status.Code grpcCode) {
        this(code, reason, httpStatus, grpcCode, false);
    }

    ErrorCode(String code, String reason, int httpStatus, Status.Code grpcCode, boolean grpcInfoFromCode) {
        this.code = code;
        this.reason = reason;
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
        this.grpcInfoFromCode = grpcInfoFromCode;
    }

    /** The {@code ERR_*} string of the HTTP body's {@code errorCode}. */
    public String code() {
        return code;
    }

    /** The {@code google.rpc.ErrorInfo} reason, or empty when daprd attaches no ErrorInfo. */
    public String reason() {
        return reason;
    }

    /**
     * The {@code ErrorInfo} reason the gRPC rendering carries: {@link #reason()}, or the
     * {@code ERR_*} code for the errors daprd's gRPC server builds from the bare code; empty when
     * daprd's gRPC answer has no ErrorInfo.
     */
    public String grpcReason() {
        return grpcInfoFromCode ? code : reason;
    }

    /** The HTTP status daprd answers with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** daprd's category of the code, the {@code category} label of {@code dapr_error_code_total}. */
    public String category() {
        String n = name();
        if (n.startsWith("STATE_")) {
            return "state";
        }
        if (n.startsWith("SECRET")) {
            return "secret";
        }
        if (n.startsWith("PUBSUB_")) {
            return "pubsub";
        }
        if (n.startsWith("WORKFLOW_")) {
            return "workflow";
        }
        if (n.startsWith("BINDING_")) {
            return "binding";
        }
        if (n.startsWith("CONFIGURATION_")) {
            return "configuration";
        }
        if (n.startsWith("LOCK_")) {
            return "lock";
        }
        if (n.contains("HEALTH")) {
            return "health";
        }
        return "common";
    }

    /** The gRPC status code daprd answers with. */
    public Status.Code grpcCode() {
        return grpcCode;
    }
}
