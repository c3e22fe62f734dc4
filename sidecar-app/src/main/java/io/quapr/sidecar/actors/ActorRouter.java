package io.quapr.sidecar.actors;

import com.google.protobuf.ByteString;
import io.quapr.internal.v1.ActorCall;
import io.quapr.internal.v1.ActorReply;
import io.quapr.internal.v1.Header;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.appchannel.AppChannel.AppReply;
import io.quapr.sidecar.invoke.SidecarClient;
import io.quapr.sidecar.invoke.SidecarUnreachableException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.grpc.server.GrpcServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Takes an actor call to the sidecar that runs the actor. An actor already active here runs
 * here; otherwise the hash ring over the live members hosting its type ({@link Rendezvous})
 * names the sidecar, and that sidecar runs it under the actor's lease. When the lease is held
 * by another live sidecar (the members' views differed for a moment), the call follows the
 * lease, at most {@link #MAX_HOPS} sidecars in all. A sidecar that cannot be reached, or a
 * lease whose holder is gone but not yet expired, makes the first sidecar try again every
 * {@link #RETRY_DELAY} until {@code quapr.actors.placement-timeout}: a call to an actor whose
 * host was killed waits for the host's membership to expire, then runs on a survivor.
 */
@ApplicationScoped
public class ActorRouter {

    private static final Logger LOG = Logger.getLogger(ActorRouter.class);
    /** The sidecars a call may pass through: the ring's choice, then the lease holder. */
    static final int MAX_HOPS = 2;
    private static final Duration RETRY_DELAY = Duration.ofMillis(200);
    /** Error codes of the internal reply that are not daprd's. */
    private static final String APP_ERROR = "APP";
    private static final String RETRY = "RETRY";
    private static final Map<String, ErrorCode> KNOWN = byName();

    @Inject
    ActorRuntime runtime;

    @Inject
    SidecarClient sidecars;

    @Inject
    SidecarConfig config;

    /**
     * A call of one of the actor's routes in the app.
     *
     * @param path under {@code /actors/<type>/<id>/method/}: the method, or {@code remind/<name>}
     * @param callback a reminder's callback (the sidecar sets the headers) rather than a method call
     */
    record Call(String type, String id, String path, byte[] body, MultiMap headers, boolean callback) {
    }

    /**
     * Runs the call on the actor's sidecar, trying again while the actor's host changes.
     *
     * @return the app's answer (status 200); fails with {@link ActorRuntime.ActorCallException}
     *         when the app did not take it, a {@link DaprException} otherwise
     */
    Uni<AppReply> call(Call call) {
        long deadline = System.currentTimeMillis() + config.actors().placementTimeout().toMillis();
        return runtime.placementReady().chain(() -> attempt(call, deadline));
    }

    private Uni<AppReply> attempt(Call call, long deadline) {
        return route(call, 0).onFailure(ActorRetryException.class).recoverWithUni(e -> {
            if (System.currentTimeMillis() + RETRY_DELAY.toMillis() >= deadline) {
                return Uni.createFrom().failure(new DaprException(ErrorCode.ACTOR_NO_ADDRESS,
                        "did not find address for actor '" + call.type() + "/" + call.id() + "': " + e.getMessage()));
            }
            LOG.debugf("actors: %s/%s: %s; trying again", call.type(), call.id(), e.getMessage());
            return Uni.createFrom().voidItem().onItem().delayIt().by(RETRY_DELAY).chain(() -> attempt(call,
                    deadline));
        });
    }

    private Uni<AppReply> route(Call call, int hops) {
        if (hops == 0 && !runtime.activeHere(call.type(), call.id())) {
            ActorMembership.Member owner = runtime.owner(call.type(), call.id());
            if (owner == null) {
                return Uni.createFrom().failure(new DaprException(ErrorCode.ACTOR_NO_ADDRESS,
                        "did not find address for actor '" + call.type() + "/" + call.id() + "'"));
            }
            if (!owner.id().equals(runtime.selfId())) {
                return remote(owner.address(), call, hops + 1);
            }
        }
        return local(call, hops);
    }

    /** Runs the call here, or follows the lease when another live sidecar holds it. */
    private Uni<AppReply> local(Call call, int hops) {
        if (!runtime.hosts(call.type())) {
            return Uni.createFrom().failure(new ActorRetryException("actor type " + call.type()
                    + " is not hosted by the sidecar the call reached"));
        }
        Uni<AppReply> run = call.callback()
                ? runtime.callback(call.type(), call.id(), call.path(), call.body())
                        .map(v -> new AppReply(200, MultiMap.caseInsensitiveMultiMap(), new byte[0]))
                : runtime.invoke(call.type(), call.id(), call.path(), call.body(), call.headers());
        return run.onFailure(ActorRuntime.LeaseHeldException.class).recoverWithUni(e -> {
            String holder = ((ActorRuntime.LeaseHeldException) e).address();
            if (hops >= MAX_HOPS) {
                return Uni.createFrom().failure(new ActorRetryException(e.getMessage()));
            }
            return remote(holder, call, hops + 1);
        });
    }

    private Uni<AppReply> remote(String address, Call call, int hops) {
        ActorCall.Builder message = ActorCall.newBuilder().setActorType(call.type()).setActorId(call.id())
                .setPath(call.path()).setBody(ByteString.copyFrom(call.body() == null ? new byte[0] : call.body()))
                .setHops(hops).setCallback(call.callback());
        if (call.headers() != null) {
            call.headers().forEach(h -> message.addHeaders(Header.newBuilder().setName(h.getKey()).setValue(h
                    .getValue())));
        }
        long timeout = config.actors().callTimeout().toMillis();
        return Uni.createFrom().completionStage(() -> sidecars.unary(address, ActorCallMethod.CLIENT, message.build(),
                timeout).toCompletionStage()).onFailure(SidecarUnreachableException.class).transform(e -> {
                    runtime.suspect(address);
                    return new ActorRetryException("the actor's sidecar " + address + " cannot be reached");
                }).map(ActorRouter::reply);
    }

    /** The callee's side of {@link #remote}: runs the call here (or follows the lease) and answers it. */
    public void serve(GrpcServerRequest<ActorCall, ActorReply> request) {
        request.handler(message -> {
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            message.getHeadersList().forEach(h -> headers.add(h.getName(), h.getValue()));
            Call call = new Call(message.getActorType(), message.getActorId(), message.getPath(), message.getBody()
                    .toByteArray(), headers, message.getCallback());
            route(call, Math.max(1, message.getHops())).subscribe().with(r -> {
                ActorReply.Builder out = ActorReply.newBuilder().setStatus(r.status()).setBody(ByteString.copyFrom(r
                        .body()));
                r.headers().forEach(h -> out.addHeaders(Header.newBuilder().setName(h.getKey()).setValue(h
                        .getValue())));
                end(request, out.build());
            }, e -> end(request, failure(e)));
        });
    }

    private static void end(GrpcServerRequest<ActorCall, ActorReply> request, ActorReply reply) {
        try {
            request.response().end(reply);
        } catch (IllegalStateException gone) {
            // the caller reset the stream
        }
    }

    private static ActorReply failure(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String code;
        if (e instanceof DaprException d) {
            code = d.code().name();
        } else if (e instanceof ActorRuntime.ActorCallException) {
            code = APP_ERROR;
        } else if (e instanceof ActorRetryException) {
            code = RETRY;
        } else {
            code = ErrorCode.ACTOR_INVOKE_METHOD.name();
        }
        return ActorReply.newBuilder().setErrorCode(code).setErrorMessage(message).build();
    }

    /** The other sidecar's reply as this sidecar's answer or failure. */
    private static AppReply reply(ActorReply r) {
        String code = r.getErrorCode();
        if (code.isEmpty()) {
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            r.getHeadersList().forEach(h -> headers.add(h.getName(), h.getValue()));
            return new AppReply(r.getStatus(), headers, r.getBody().toByteArray());
        }
        switch (code) {
            case APP_ERROR :
                throw new ActorRuntime.ActorCallException(r.getErrorMessage());
            case RETRY :
                throw new ActorRetryException(r.getErrorMessage());
            default :
                ErrorCode known = KNOWN.getOrDefault(code, ErrorCode.ACTOR_INVOKE_METHOD);
                throw new DaprException(known, r.getErrorMessage());
        }
    }

    private static Map<String, ErrorCode> byName() {
        Map<String, ErrorCode> m = new HashMap<>();
        for (ErrorCode c : ErrorCode.values()) {
            m.put(c.name(), c);
        }
        return Map.copyOf(m);
    }

    /** The actor's host is changing (unreachable, or its lease not yet free): the first sidecar tries again. */
    static final class ActorRetryException extends RuntimeException {
        ActorRetryException(String message) {
            super(message, null, false, false);
        }
    }
}
