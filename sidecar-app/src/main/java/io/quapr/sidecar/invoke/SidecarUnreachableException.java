package io.quapr.sidecar.invoke;

/**
 * No connection to the other sidecar could be made (refused, no route, TLS handshake failed):
 * the request never left, so its body is untouched and the call can be made again. Worded as
 * grpc-go words it in daprd's message ({@code code = Unavailable desc = connection error: ...}).
 */
public final class SidecarUnreachableException extends RuntimeException {

    SidecarUnreachableException(Throwable cause) {
        super("rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: "
                + InternalServer.message(cause) + "\"", cause, false, false);
    }
}
