package io.quapr.sidecar.bindings;

import com.google.protobuf.ByteString;
import io.dapr.v1.DaprAppCallbackProtos.BindingEventRequest;
import io.dapr.v1.DaprAppCallbackProtos.BindingEventResponse;
import io.grpc.Status;
import io.quapr.sidecar.appchannel.AppCallbackChannel;
import io.quapr.spi.bindings.InputEvent;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Input binding events to a gRPC app: {@code AppCallback.OnBindingEvent}; an OK status accepts the
 * event. An answer naming output bindings in {@code to} has its data sent to each with operation
 * {@code create}, in order or all at once as its {@code concurrency} says, as daprd still does for
 * gRPC apps (its HTTP apps lost that in 1.x).
 */
final class GrpcAppDelivery implements AppDelivery {

    private static final Logger LOG = Logger.getLogger(GrpcAppDelivery.class);

    private final AppCallbackChannel app;
    private final Duration timeout;
    private final Duration probeTimeout;
    private final BiConsumer<BindingEventResponse, byte[]> forward;
    private volatile Uni<List<String>> served;

    /**
     * @param forward sends an answer's data on to the output bindings its {@code to} names
     */
    GrpcAppDelivery(AppCallbackChannel app, Duration timeout, Duration probeTimeout,
            BiConsumer<BindingEventResponse, byte[]> forward) {
        this.app = app;
        this.timeout = timeout;
        this.probeTimeout = probeTimeout;
        this.forward = forward;
    }

    @Override
    public Uni<byte[]> deliver(String binding, String route, InputEvent event) {
        BindingEventRequest request = BindingEventRequest.newBuilder().setName(binding)
                .setData(ByteString.copyFrom(event.data())).putAllMetadata(event.metadata()).build();
        return app.onBindingEvent(request, timeout).map(r -> {
            byte[] data = r.getData().toByteArray();
            if (r.getToCount() > 0) {
                forward.accept(r, data);
            }
            return data;
        });
    }

    @Override
    public Uni<Boolean> serves(String binding, String route) {
        return list().map(names -> names.contains(binding));
    }

    /** The app's list, asked once as daprd does; an app without the RPC serves none. */
    private Uni<List<String>> list() {
        Uni<List<String>> s = served;
        if (s == null) {
            s = app.listInputBindings(probeTimeout).map(r -> List.copyOf(r.getBindingsList()))
                    .onFailure(e -> Status.fromThrowable(e).getCode() == Status.Code.UNIMPLEMENTED)
                    .recoverWithItem(e -> {
                        LOG.info("input bindings: gRPC app does not implement ListInputBindings");
                        return List.<String>of();
                    }).memoize().indefinitely();
            served = s;
        }
        return s.onFailure().invoke(e -> served = null);
    }
}
