package io.quapr.sidecar.invoke;

import io.grpc.Status;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;

/** daprd's service invocation errors, with its wording. */
public final class InvokeErrors {

    private InvokeErrors() {
    }

    /** Neither the path nor a {@code dapr-app-id} header named the target (404). */
    public static DaprException noAppId() {
        return new DaprException(ErrorCode.DIRECT_INVOKE_NO_APP_ID,
                "failed getting app id either from the URL path or the header dapr-app-id");
    }

    /** The call did not reach the target app, or the target sidecar refused it (500). */
    public static DaprException failed(String targetId, String reason) {
        return new DaprException(ErrorCode.DIRECT_INVOKE, "failed to invoke, id: " + targetId + ", err: " + reason);
    }

    /** The callee sidecar's access policy refused the call: daprd answers 403 with the same body. */
    public static DaprException denied(String targetId, String reason) {
        return failed(targetId, reason).withStatus(403, Status.Code.PERMISSION_DENIED);
    }
}
