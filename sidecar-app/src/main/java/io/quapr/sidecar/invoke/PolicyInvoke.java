package io.quapr.sidecar.invoke;

import io.quapr.internal.v1.RequestHead;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.resiliency.PermanentFailure;
import io.quapr.sidecar.resiliency.PolicyRunner;
import io.quapr.sidecar.resiliency.Resiliency;
import io.quapr.sidecar.telemetry.Telemetry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * Service invocation under the target's {@code apps.<appId>} policies, as daprd applies them
 * around each attempt of {@link InvokeService#invoke}: the timeout cuts (and cancels) one
 * attempt, the retry repeats it, the breaker is kept per app and method ({@code <id>:<method>}).
 * <ul>
 * <li>A request body is buffered only when the policy retries and the body has a known length
 * (daprd's {@code WithReplay}); otherwise it streams through, and a chunked body is never
 * replayed (its failures are final, as daprd marks them permanent).</li>
 * <li>As in daprd, for a replayable request an app answer outside 200-399 is a failure carrying
 * its status (retried when the policy's {@code matching.httpStatusCodes} allows, counted by the
 * breaker); when the policy gives up the caller gets the app's last answer as it was. A failure
 * to reach the app is retried too.</li>
 * <li>No policy: the call goes straight to {@link InvokeService#invoke}, under daprd's built-in
 * retries of a sidecar that cannot be reached ({@link BuiltInServiceRetries}).</li>
 * </ul>
 */
@ApplicationScoped
public class PolicyInvoke {

    @Inject
    InvokeService invoke;

    @Inject
    Resiliency resiliency;

    @Inject
    Vertx vertx;

    @Inject
    Telemetry telemetry;

    /**
     * Invokes the target under its policies; arguments as {@link InvokeService#invoke}, on the
     * event loop.
     *
     * @param streamed whether the body has no known length (it cannot be buffered for replay)
     */
    public Future<InvokeReply> invoke(String rawTarget, RequestHead request, ReadStream<Buffer> body, boolean streamed,
            Cancellation cancel) {
        // the current span (the API call's CallLocal/<app>/<method>) becomes the callee's parent
        RequestHead head = Headers.withTrace(request, telemetry.outboundTraceHeaders());
        PolicyRunner runner = resiliency.appRunner(rawTarget, rawTarget + ":" + head.getMethod());
        if (runner == PolicyRunner.none()) {
            // daprd's built-in retries cover a target without a policy of its own
            return invoke.invoke(rawTarget, head, body, 0, cancel, true);
        }
        boolean replay = runner.policy().retry() != null && !streamed;
        if (replay && body != null) {
            return readAll(body).compose(all -> run(runner, rawTarget, head, () -> BufferStream.of(vertx, all), false,
                    cancel));
        }
        return run(runner, rawTarget, head, () -> body, streamed, cancel);
    }

    private Future<InvokeReply> run(PolicyRunner runner, String rawTarget, RequestHead head,
            Supplier<ReadStream<Buffer>> bodies, boolean streamed, Cancellation cancel) {
        // a body that streamed once cannot go again: with a retry, its failure is final
        boolean once = streamed && runner.policy().retry() != null;
        Context context = vertx.getOrCreateContext();
        Promise<InvokeReply> done = Promise.promise();
        runner.run(() -> attempt(context, rawTarget, head, bodies.get(), streamed, once, cancel)).subscribe().with(
                done::complete, e -> {
                    if (e instanceof AppAnswerFailure a) {
                        done.complete(new InvokeReply(a.head, BufferStream.of(vertx, a.body)));
                    } else if (e instanceof DaprException) {
                        done.fail(e);
                    } else {
                        done.fail(InvokeErrors.failed(rawTarget, e.getMessage()));
                    }
                });
        return done.future();
    }

    private Uni<InvokeReply> attempt(Context context, String rawTarget, RequestHead head, ReadStream<Buffer> body,
            boolean streamed, boolean once, Cancellation cancel) {
        Cancellation mine = new Cancellation();
        Uni<InvokeReply> u = Uni.createFrom().<InvokeReply>emitter(em -> context.runOnContext(v -> {
            cancel.onCancel(mine::cancel);
            invoke.invoke(rawTarget, head, body, 0, mine, false).onComplete(ar -> {
                if (ar.failed()) {
                    em.fail(ar.cause());
                } else if (streamed || ar.result().head().getStatus() < 400 && ar.result().head().getStatus() >= 200) {
                    em.complete(ar.result());
                } else {
                    InvokeReply r = ar.result();
                    readAll(r.body()).onComplete(b -> em.fail(new AppAnswerFailure(r.head(),
                            b.succeeded() ? b.result() : Buffer.buffer())));
                }
            });
        })).onCancellation().invoke(() -> context.runOnContext(v -> mine.cancel()));
        return once ? u.onFailure().transform(PermanentFailure::new) : u;
    }

    /** Reads a paused stream whole. */
    private static Future<Buffer> readAll(ReadStream<Buffer> stream) {
        Promise<Buffer> p = Promise.promise();
        Buffer all = Buffer.buffer();
        stream.exceptionHandler(p::tryFail);
        stream.handler(all::appendBuffer);
        stream.endHandler(v -> p.tryComplete(all));
        stream.resume();
        return p.future();
    }
}
