package io.quapr.sidecar.actors;

import io.quapr.internal.v1.ActorCall;
import io.quapr.internal.v1.ActorReply;
import io.quapr.internal.v1.SidecarActorsGrpc;
import io.quapr.sidecar.invoke.InternalDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;

/**
 * {@code quapr.internal.v1.SidecarActors/Call} for the Vert.x gRPC client and server: one
 * sidecar hands an actor call to the sidecar that runs the actor.
 */
public final class ActorCallMethod {

    private static final ServiceName SERVICE = ServiceName.create(SidecarActorsGrpc.SERVICE_NAME);

    /** The caller's side. */
    static final ServiceMethod<ActorReply, ActorCall> CLIENT = ServiceMethod.client(SERVICE, "Call",
            GrpcMessageEncoder.encoder(), InternalDecoder.of(ActorReply::parseFrom));

    /** The callee's side. */
    public static final ServiceMethod<ActorCall, ActorReply> SERVER = ServiceMethod.server(SERVICE, "Call",
            GrpcMessageEncoder.encoder(), InternalDecoder.of(ActorCall::parseFrom));

    /** The HTTP/2 path of the method, for the internal server's dispatch. */
    public static final String PATH = "/" + CLIENT.fullMethodName();

    private ActorCallMethod() {
    }
}
