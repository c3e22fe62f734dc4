package io.quapr.sidecar.invoke;

import com.google.protobuf.InvalidProtocolBufferException;
import io.quapr.internal.v1.InvokeFrame;
import io.quapr.internal.v1.SidecarInvocationGrpc;
import io.vertx.grpc.common.CodecException;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;

/**
 * {@code quapr.internal.v1.SidecarInvocation/Invoke} for the Vert.x gRPC client and server, with
 * a decoder that parses each frame straight from the received bytes. The decoder Vert.x derives
 * from a grpc-java method descriptor reads through an {@code InputStream}, and protobuf then
 * allocates a 4 KiB buffer for every frame: two frames per call in each direction.
 */
final class InvokeMethod {

    private static final ServiceName SERVICE = ServiceName.create(SidecarInvocationGrpc.SERVICE_NAME);

    private static final GrpcMessageDecoder<InvokeFrame> DECODER = message -> {
        if (!"identity".equals(message.encoding())) {
            // the sidecars never compress frames to each other
            throw new CodecException("unexpected message encoding " + message.encoding());
        }
        try {
            return InvokeFrame.parseFrom(message.payload().getByteBuf().nioBuffer());
        } catch (InvalidProtocolBufferException e) {
            throw new CodecException(e);
        }
    };

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
