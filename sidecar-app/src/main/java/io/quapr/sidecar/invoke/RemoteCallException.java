package io.quapr.sidecar.invoke;

import io.grpc.Status;
import java.util.Locale;

/**
 * The other sidecar closed the call with a gRPC status before the app answered (the app was
 * unreachable there, an access policy refused the call, the deadline passed).
 */
final class RemoteCallException extends RuntimeException {

    private final Status.Code code;

    RemoteCallException(Status.Code code, String description) {
        super("rpc error: code = " + goName(code) + " desc = " + description, null, false, false);
        this.code = code;
    }

    Status.Code code() {
        return code;
    }

    /** grpc-go's spelling of a code ({@code Unavailable}, {@code PermissionDenied}), as daprd's messages show it. */
    private static String goName(Status.Code code) {
        StringBuilder s = new StringBuilder();
        for (String part : code.name().split("_")) {
            s.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return code == Status.Code.OK ? "OK" : s.toString();
    }
}
