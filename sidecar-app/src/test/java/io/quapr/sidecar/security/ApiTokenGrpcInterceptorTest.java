package io.quapr.sidecar.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The gRPC token check on its own: a call that passes goes on without the token in its metadata
 * (so a proxied call never forwards it), a refused call never reaches the handler.
 */
class ApiTokenGrpcInterceptorTest {

    private static final Metadata.Key<String> OTHER = Metadata.Key.of("x-other", Metadata.ASCII_STRING_MARSHALLER);

    private static ApiTokenGrpcInterceptor interceptor(String token) {
        ApiTokenGrpcInterceptor i = new ApiTokenGrpcInterceptor();
        i.token = new ApiToken(token);
        return i;
    }

    private static Metadata headers(String token) {
        Metadata md = new Metadata();
        if (token != null) {
            md.put(ApiToken.GRPC_KEY, token);
        }
        md.put(OTHER, "kept");
        return md;
    }

    @Test
    void aPassingCallGoesOnWithoutTheToken() {
        RecordingCall call = new RecordingCall();
        AtomicReference<Metadata> seen = new AtomicReference<>();
        interceptor("secret").interceptCall(call, headers("secret"), handler(seen));

        assertNull(call.closed);
        assertNull(seen.get().get(ApiToken.GRPC_KEY));
        assertEquals("kept", seen.get().get(OTHER));
    }

    @Test
    void aRefusedCallNeverReachesTheHandler() {
        RecordingCall call = new RecordingCall();
        AtomicReference<Metadata> seen = new AtomicReference<>();
        interceptor("secret").interceptCall(call, headers("wrong"), handler(seen));

        assertEquals(Status.Code.UNAUTHENTICATED, call.closed.getCode());
        assertNull(seen.get());
    }

    @Test
    void withoutATokenConfiguredNothingIsCheckedOrRemoved() {
        RecordingCall call = new RecordingCall();
        AtomicReference<Metadata> seen = new AtomicReference<>();
        Metadata md = headers("anything");
        interceptor(null).interceptCall(call, md, handler(seen));

        assertSame(md, seen.get());
        assertEquals("anything", seen.get().get(ApiToken.GRPC_KEY));
    }

    private static ServerCallHandler<byte[], byte[]> handler(AtomicReference<Metadata> seen) {
        return (call, headers) -> {
            seen.set(headers);
            return new ServerCall.Listener<>() {
            };
        };
    }

    private static final class RecordingCall extends ServerCall<byte[], byte[]> {

        Status closed;

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void sendHeaders(Metadata headers) {
        }

        @Override
        public void sendMessage(byte[] message) {
        }

        @Override
        public void close(Status status, Metadata trailers) {
            closed = status;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public Attributes getAttributes() {
            return Attributes.EMPTY;
        }

        @Override
        public MethodDescriptor<byte[], byte[]> getMethodDescriptor() {
            MethodDescriptor.Marshaller<byte[]> bytes = new MethodDescriptor.Marshaller<>() {
                @Override
                public InputStream stream(byte[] value) {
                    return new ByteArrayInputStream(value);
                }

                @Override
                public byte[] parse(InputStream stream) {
                    return new byte[0];
                }
            };
            return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName("test.Service/Call").setRequestMarshaller(bytes).setResponseMarshaller(bytes)
                    .build();
        }
    }
}
