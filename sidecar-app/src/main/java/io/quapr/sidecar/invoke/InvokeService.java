package io.quapr.sidecar.invoke;

import io.grpc.Status;
import io.quapr.internal.v1.RequestHead;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.api.errors.DaprException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Service invocation, shared by the HTTP and gRPC APIs: one attempt to call an app by id. The
 * caller's own app is called directly; an {@code HTTPEndpoint} name or an external URL by
 * {@link ExternalInvoker}; any other app through its sidecar, found by {@link NameResolution},
 * over {@link SidecarClient}. This is the one method a resiliency policy
 * wraps (an attempt with a streamed body cannot be replayed; one with a buffered body can).
 */
@ApplicationScoped
public class InvokeService {

    @Inject
    SidecarConfig config;

    @Inject
    NameResolution names;

    @Inject
    SidecarClient sidecars;

    @Inject
    AppInvoker app;

    @Inject
    HttpEndpoints endpoints;

    @Inject
    ExternalInvoker external;

    @Inject
    BuiltInServiceRetries retries;

    /**
     * Calls the target app once.
     *
     * @param rawTarget the target id as the caller wrote it ({@code id} or {@code id.namespace})
     * @param head the request: method (normalised), verb, query, headers; caller fields are set here
     * @param body the request body, paused; {@code null} for none
     * @param timeoutMillis the caller's deadline, 0 for none
     * @param cancel cancelled when the caller goes away
     * @param builtInRetries whether daprd's built-in retries apply (no {@code apps.<id>} policy
     *            covers the target): another sidecar that cannot be reached is tried again
     * @return the app's answer (any status, as the app sent it), or a failed future with a
     *         {@link DaprException} ({@code ERR_DIRECT_INVOKE}) when the app was not reached
     */
    public Future<InvokeReply> invoke(String rawTarget, RequestHead head, ReadStream<Buffer> body, long timeoutMillis,
            Cancellation cancel, boolean builtInRetries) {
        String ownId = config.appId().orElse("");
        String ownNamespace = config.namespace().orElse("");
        InvokeTarget target;
        try {
            target = InvokeTarget.parse(rawTarget, ownNamespace);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(InvokeErrors.failed(rawTarget, e.getMessage()));
        }
        if (target.isUrl()) {
            return external.call(target.appId(), List.of(), head, body, cancel)
                    .recover(e -> Future.failedFuture(InvokeErrors.failed(rawTarget, InternalServer.message(e))));
        }
        Optional<HttpEndpoints.Endpoint> endpoint = endpoints.find(target.appId());
        if (endpoint.isPresent()) {
            return external.call(endpoint.get().baseUrl(), endpoint.get().headers(), head, body, cancel)
                    .recover(e -> Future.failedFuture(InvokeErrors.failed(rawTarget, InternalServer.message(e))));
        }
        RequestHead full = head.toBuilder().setTargetAppId(target.appId()).setTargetNamespace(target.namespace())
                .setCallerAppId(ownId).setCallerNamespace(ownNamespace).build();
        if (target.appId().equals(ownId) && target.namespace().equals(ownNamespace)) {
            return app.call(full, body, new CallerIdentity("", ownNamespace, ownId), cancel)
                    .recover(e -> Future.failedFuture(InvokeErrors.failed(rawTarget, InternalServer.message(e))));
        }
        return names.resolve(target.appId(), target.namespace())
                .recover(e -> Future.failedFuture(InvokeErrors.failed(rawTarget, InternalServer.message(e))))
                .compose(address -> {
                    Supplier<Future<InvokeReply>> once = () -> sidecars.call(address, full, body, timeoutMillis,
                            cancel);
                    return (builtInRetries ? retries.run(target.appId(), body == null, cancel, once) : once.get())
                            .recover(e -> Future.failedFuture(remoteFailure(rawTarget, target, e)));
                });
    }

    /** A failed call to another sidecar as the API answers it. */
    private DaprException remoteFailure(String rawTarget, InvokeTarget target, Throwable e) {
        if (e instanceof RemoteCallException r && r.code() == Status.Code.PERMISSION_DENIED) {
            return InvokeErrors.denied(rawTarget, r.getMessage());
        }
        Throwable last = e instanceof BuiltInServiceRetries.RetriesExhausted ? e.getCause() : e;
        if (!(last instanceof RemoteCallException)) {
            // the connection failed: the sidecar may have moved; resolve again next time
            names.forget(target.appId(), target.namespace());
        }
        return InvokeErrors.failed(rawTarget, InternalServer.message(e));
    }
}
