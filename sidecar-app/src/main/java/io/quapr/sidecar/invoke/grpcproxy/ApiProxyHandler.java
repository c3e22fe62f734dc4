package io.quapr.sidecar.invoke.grpcproxy;

import io.grpc.HandlerRegistry;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.quapr.sidecar.telemetry.Telemetry;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.grpc.api.ServerBuilderCustomizer;
import io.quarkus.grpc.runtime.config.GrpcServerConfiguration;
import io.vertx.core.Vertx;
import io.vertx.grpc.VertxServerBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * daprd's gRPC proxying on the API port: any RPC the API does not serve (a service other than
 * {@code dapr.proto.runtime.*}) goes to the app its {@code dapr-app-id} metadata names, its
 * messages as bytes ({@link ApiProxyCall}). Installed as the API server's fallback handler
 * registry, behind the same global interceptors as the API's own services (API allow-lists, API
 * token, telemetry), as daprd's unknown-service handler sits behind its interceptor chain.
 */
@ApplicationScoped
public class ApiProxyHandler implements ServerBuilderCustomizer<VertxServerBuilder> {

    /** Bytes as they are: the proxy never parses a message. */
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    @Inject
    ProxyRouter router;

    @Inject
    Telemetry telemetry;

    @Inject
    Vertx vertx;

    @Inject
    @Any
    Instance<ServerInterceptor> interceptors;

    /** Method names whose definitions are kept: any name a client sends arrives here, so the cache is bounded. */
    private static final int MAX_CACHED = 1024;

    private final Map<String, ServerMethodDefinition<?, ?>> definitions = new ConcurrentHashMap<>();
    private volatile List<ServerInterceptor> global;

    @Override
    public void customize(GrpcServerConfiguration config, VertxServerBuilder builder) {
        builder.fallbackHandlerRegistry(new HandlerRegistry() {
            @Override
            public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
                if (!isServiceAndMethod(methodName)) {
                    // not /service/method: gRPC's own UNIMPLEMENTED, quietly (no definition can be built for it)
                    return null;
                }
                ServerMethodDefinition<?, ?> d = definitions.get(methodName);
                if (d == null) {
                    d = definition(methodName);
                    if (definitions.size() < MAX_CACHED) {
                        definitions.put(methodName, d);
                    }
                }
                return d;
            }
        });
    }

    /** Whether a path names a service and a method ({@code pkg.Service/Method}), as every gRPC call must. */
    static boolean isServiceAndMethod(String fullMethodName) {
        String service = MethodDescriptor.extractFullServiceName(fullMethodName);
        return service != null && !service.isEmpty() && fullMethodName.length() > service.length() + 1;
    }

    /** The proxy as the definition of one method, behind the global interceptors. */
    ServerMethodDefinition<?, ?> definition(String fullMethodName) {
        // the kind of call is unknown here: bidirectional streaming carries every kind
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.BIDI_STREAMING).setFullMethodName(fullMethodName)
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        ServerCallHandler<byte[], byte[]> handler = (call, metadata) -> ApiProxyCall.start(call, metadata, router,
                vertx.getOrCreateContext(), telemetry.outboundTraceHeaders());
        ServerServiceDefinition service = ServerServiceDefinition
                .builder(MethodDescriptor.extractFullServiceName(fullMethodName))
                .addMethod(method, handler).build();
        return ServerInterceptors.intercept(service, globalInterceptors()).getMethod(fullMethodName);
    }

    /**
     * The {@code @GlobalInterceptor} beans in Quarkus's order (highest priority outermost), which
     * {@link ServerInterceptors#intercept} wants innermost first. The annotation is read at run time: each
     * such class is {@code @RegisterForReflection} for the native executable.
     */
    private List<ServerInterceptor> globalInterceptors() {
        List<ServerInterceptor> g = global;
        if (g == null) {
            g = interceptors.handlesStream()
                    .filter(h -> h.getBean().getBeanClass().isAnnotationPresent(GlobalInterceptor.class))
                    .map(Instance.Handle::get)
                    .sorted(Comparator.comparingInt(ApiProxyHandler::priority))
                    .toList();
            global = g;
        }
        return g;
    }

    private static int priority(ServerInterceptor i) {
        return i instanceof Prioritized p ? p.getPriority() : 0;
    }
}
