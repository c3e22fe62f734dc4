package io.quapr.sidecar.invoke;

import io.quapr.internal.v1.InvokeFrame;
import io.quapr.internal.v1.SidecarInvocationGrpc;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;

/**
 * {@code quapr.internal.v1.SidecarInvocation/Invoke} for the Vert.x gRPC client and server, with
 * a decoder that parses each frame straight from the received bytes ({@link InternalDecoder}):
 * two frames per call in each direction.
 */
final class InvokeMethod {

    private static final ServiceName SERVICE = ServiceName.create(SidecarInvocationGrpc.SERVICE_NAME);

    private static final GrpcMessageDecoder<InvokeFrame> DECODER = InternalDecoder.of(InvokeFrame::parseFrom);

    /** The caller's side: sends and receives {@link InvokeFrame}s. */
    static final ServiceMethod<InvokeFrame, InvokeFrame> CLIENT = ServiceMethod.client(SERVICE, "Invoke",
            GrpcMessageEncoder.encoder(), DECODER);

    /** The callee's side. */
    static final ServiceMethod<InvokeFrame, InvokeFrame> SERVER = ServiceMethod.server(SERVICE, "Invoke",
            GrpcMessageEncoder.encoder(), DECODER);

    /** The largest frame either side accepts (a body is split into frames far smaller than this). */
    static final int MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

    /** The HTTP/2 path of the method. */
    static final String PATH = "/" + CLIENT.fullMethodName();

    private InvokeMethod() {
    }
}
