package io.quapr.sidecar.invoke;

import io.grpc.Status;
import io.quapr.sidecar.resiliency.BuiltInRetries;
import io.quapr.sidecar.resiliency.Resiliency;
import io.quapr.sidecar.resiliency.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * daprd's {@code DaprBuiltInServiceRetries} around a call to another sidecar, for targets no
 * {@code apps.<id>} policy covers: when the other sidecar cannot be reached (gRPC
 * {@code Unavailable}, or {@code Unauthenticated} while certificates rotate) the call is made
 * again, by default 3 more times 1 s apart, and the last failure reads "failed to invoke target
 * X after N retries". Any other failure, and every answer of the app, ends the call at once.
 * <p>
 * Only a call whose body is untouched is repeated: one that could not connect, or one without a
 * body. daprd buffers bodies for this; here a body is never held back, so a call that failed
 * after its body went out is not repeated. The first attempt runs directly (no timer, no
 * allocation beyond the call's own): retries cost only when they happen.
 */
@ApplicationScoped
public class BuiltInServiceRetries {

    @Inject
    Resiliency resiliency;

    @Inject
    Vertx vertx;

    /**
     * Makes the call, repeating it while it fails for a reason a retry can fix.
     *
     * @param appId the target, for the message
     * @param bodyless whether the call has no body (a refusal after sending may then be repeated too)
     * @param cancel stops the retries when the caller goes away
     * @param call one attempt, started on the caller's event loop
     * @return the first answer, or the last failure (wrapped when retries were made)
     */
    public Future<InvokeReply> run(String appId, boolean bodyless, Cancellation cancel,
            Supplier<Future<InvokeReply>> call) {
        return call.get().recover(e -> {
            if (!retryable(e, bodyless)) {
                return Future.failedFuture(e);
            }
            RetryPolicy policy = resiliency.builtInRetry(BuiltInRetries.SERVICE);
            if (policy == null || policy.maxRetries() == 0) {
                return Future.failedFuture(e);
            }
            Promise<InvokeReply> done = Promise.promise();
            retry(appId, bodyless, cancel, call, policy, policy.waits(), 1, e, done);
            return done.future();
        });
    }

    private void retry(String appId, boolean bodyless, Cancellation cancel, Supplier<Future<InvokeReply>> call,
            RetryPolicy policy, LongSupplier waits, int retry, Throwable last, Promise<InvokeReply> done) {
        if (policy.maxRetries() >= 0 && retry > policy.maxRetries()) {
            done.fail(new RetriesExhausted(appId, retry - 1, last));
            return;
        }
        vertx.setTimer(Math.max(1, waits.getAsLong()), id -> {
            // the caller may have gone away while this retry waited
            if (cancel.cancelled()) {
                done.fail(new RetriesExhausted(appId, retry - 1, last));
                return;
            }
            call.get().onSuccess(done::complete).onFailure(e -> {
                if (retryable(e, bodyless)) {
                    retry(appId, bodyless, cancel, call, policy, waits, retry + 1, e, done);
                } else {
                    done.fail(e);
                }
            });
        });
    }

    /** daprd retries {@code Unavailable} and {@code Unauthenticated}; here only while the body is untouched. */
    static boolean retryable(Throwable e, boolean bodyless) {
        if (e instanceof SidecarUnreachableException) {
            return true;
        }
        return bodyless && e instanceof RemoteCallException r
                && (r.code() == Status.Code.UNAVAILABLE || r.code() == Status.Code.UNAUTHENTICATED);
    }

    /** The last failure after the retries, in daprd's words; its cause is that failure. */
    static final class RetriesExhausted extends RuntimeException {

        RetriesExhausted(String appId, int retries, Throwable last) {
            super("failed to invoke target " + appId + " after " + retries + " retries. Error: "
                    + InternalServer.message(last),
                    last, false, false);
        }
    }
}
