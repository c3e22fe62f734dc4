package io.quapr.sidecar.state;

import io.grpc.Status;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.spi.state.BulkStateException;
import io.quapr.spi.state.ETagInvalidException;
import io.quapr.spi.state.ETagMismatchException;
import java.util.Map;

/**
 * The state API's errors, worded as daprd words them. Component failures are translated here
 * and nowhere else: an ETag mismatch is 409 (gRPC {@code ABORTED}), an invalid ETag 400
 * ({@code INVALID_ARGUMENT}), anything else 500.
 */
final class StateErrors {

    private StateErrors() {
    }

    static DaprException notFound(String store, String appId) {
        DaprException e = new DaprException(ErrorCode.STATE_STORE_NOT_FOUND, "state store " + store + " is not found");
        return appId.isEmpty() ? e : e.withInfo(Map.of("appID", appId));
    }

    static DaprException notConfigured(String store, String appId) {
        DaprException e = new DaprException(ErrorCode.STATE_STORE_NOT_CONFIGURED,
                "state store " + store + " is not configured");
        return (appId.isEmpty() ? e : e.withInfo(Map.of("appID", appId))).withResource("state", store);
    }

    static DaprException illegalKey(String store, String key) {
        return new DaprException(ErrorCode.STATE_ILLEGAL_KEY,
                "input key/keyPrefix '" + key + "' can't contain '||'").withResource("state", store);
    }

    static DaprException keyRequired() {
        return new DaprException(ErrorCode.MALFORMED_REQUEST, "\"key\" is a required field");
    }

    static DaprException transactionsNotSupported(String store) {
        return new DaprException(ErrorCode.STATE_TRANSACTIONS_NOT_SUPPORTED,
                "state store " + store + " doesn't support transactions").withResource("state", store);
    }

    static DaprException queryNotSupported(String store) {
        return new DaprException(ErrorCode.STATE_QUERY_NOT_SUPPORTED, "state store does not support querying")
                .withResource("state", store);
    }

    static DaprException tooManyOperations(String store, int count, int max) {
        return new DaprException(ErrorCode.STATE_TOO_MANY_TRANSACTIONS, "the transaction contains " + count
                + " operations, which is more than what the state store supports: " + max)
                .withResource("state", store)
                .withInfo(Map.of("currentOpsTransaction", Integer.toString(count), "maxOpsPerTransaction",
                        Integer.toString(max)));
    }

    static DaprException unsupportedOperation(String operation) {
        return new DaprException(ErrorCode.STATE_NOT_SUPPORTED_OPERATION,
                "operation type " + operation + " not supported");
    }

    static DaprException get(String key, String store, Throwable cause) {
        return new DaprException(ErrorCode.STATE_GET,
                "fail to get " + key + " from state store " + store + ": " + cause.getMessage()).withCause(cause);
    }

    static DaprException bulkGet(Throwable cause) {
        return new DaprException(ErrorCode.STATE_BULK_GET, String.valueOf(cause.getMessage())).withCause(cause);
    }

    static DaprException save(String store, Throwable cause) {
        return etagAware(new DaprException(ErrorCode.STATE_SAVE,
                "failed saving state in state store " + store + ": " + describe(cause)), cause);
    }

    static DaprException delete(String key, Throwable cause) {
        return etagAware(new DaprException(ErrorCode.STATE_DELETE,
                "failed deleting state with key " + key + ": " + describe(cause)), cause);
    }

    static DaprException bulkDelete(String store, Throwable cause) {
        return etagAware(new DaprException(ErrorCode.STATE_BULK_DELETE,
                "failed deleting state in state store " + store + ": " + describe(cause)), cause);
    }

    static DaprException transaction(Throwable cause) {
        return new DaprException(ErrorCode.STATE_TRANSACTION,
                "error while executing state transaction: " + describe(cause)).withCause(cause);
    }

    static DaprException query(String store, Throwable cause) {
        return new DaprException(ErrorCode.STATE_QUERY, "state store " + store + " query failed: " + cause.getMessage())
                .withResource("state", store).withCause(cause);
    }

    /** Whether a failure (or any failure of a bulk call) is an ETag mismatch / invalid ETag. */
    static Class<? extends RuntimeException> etagKind(Throwable cause) {
        if (cause instanceof ETagMismatchException || cause instanceof ETagInvalidException) {
            return ((RuntimeException) cause).getClass();
        }
        if (cause instanceof BulkStateException bulk) {
            for (Throwable t : bulk.failures().values()) {
                Class<? extends RuntimeException> kind = etagKind(t);
                if (kind != null) {
                    return kind;
                }
            }
        }
        return null;
    }

    private static DaprException etagAware(DaprException e, Throwable cause) {
        Class<? extends RuntimeException> kind = etagKind(cause);
        if (kind == ETagMismatchException.class) {
            return e.withStatus(409, Status.Code.ABORTED).withCause(cause);
        }
        if (kind == ETagInvalidException.class) {
            return e.withStatus(400, Status.Code.INVALID_ARGUMENT).withCause(cause);
        }
        return e.withCause(cause);
    }

    private static String describe(Throwable cause) {
        Class<? extends RuntimeException> kind = etagKind(cause);
        if (kind == ETagMismatchException.class) {
            return "possible etag mismatch. error from state store: " + cause.getMessage();
        }
        if (kind == ETagInvalidException.class) {
            return "invalid etag value: " + cause.getMessage();
        }
        return String.valueOf(cause.getMessage());
    }
}
