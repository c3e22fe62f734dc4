package io.quapr.sidecar.actors;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.quapr.internal.v1.ActorCall;
import io.quapr.internal.v1.ActorReply;
import io.quapr.internal.v1.SidecarActorsGrpc;
import io.vertx.grpc.common.CodecException;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import java.nio.ByteBuffer;

/**
 * {@code quapr.internal.v1.SidecarActors/Call} for the Vert.x gRPC client and server: one
 * sidecar hands an actor call to the sidecar that runs the actor.
 */
public final class ActorCallMethod {

    private static final ServiceName SERVICE = ServiceName.create(SidecarActorsGrpc.SERVICE_NAME);

    /** The caller's side. */
    static final ServiceMethod<ActorReply, ActorCall> CLIENT = ServiceMethod.client(SERVICE, "Call",
            GrpcMessageEncoder.encoder(), decoder(ActorReply::parseFrom));

    /** The callee's side. */
    public static final ServiceMethod<ActorCall, ActorReply> SERVER = ServiceMethod.server(SERVICE, "Call",
            GrpcMessageEncoder.encoder(), decoder(ActorCall::parseFrom));

    /** The HTTP/2 path of the method, for the internal server's dispatch. */
    public static final String PATH = "/" + CLIENT.fullMethodName();

    private ActorCallMethod() {
    }

    /** Parses a message straight from the received bytes (the sidecars never compress to each other). */
    private static <T extends MessageLite> GrpcMessageDecoder<T> decoder(Parser<T> parser) {
        return message -> {
            if (!"identity".equals(message.encoding())) {
                throw new CodecException("unexpected message encoding " + message.encoding());
            }
            try {
                return parser.parse(message.payload().getByteBuf().nioBuffer());
            } catch (InvalidProtocolBufferException e) {
                throw new CodecException(e);
            }
        };
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(ByteBuffer bytes) throws InvalidProtocolBufferException;
    }
}
