package io.quapr.sidecar.invoke;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vertx.grpc.common.CodecException;
import io.vertx.grpc.common.GrpcMessageDecoder;
import java.nio.ByteBuffer;

/**
 * The decoder of the sidecar-to-sidecar methods: each message parsed straight from the received
 * bytes. The decoder Vert.x derives from a grpc-java method descriptor reads through an
 * {@code InputStream}, and protobuf then allocates a 4 KiB buffer for every message.
 */
public final class InternalDecoder {

    /** A protobuf message's {@code parseFrom(ByteBuffer)}. */
    @FunctionalInterface
    public interface Parser<T> {
        /** Parses one message. */
        T parse(ByteBuffer bytes) throws InvalidProtocolBufferException;
    }

    private InternalDecoder() {
    }

    /** A decoder of messages the parser reads; the sidecars never compress to each other. */
    public static <T> GrpcMessageDecoder<T> of(Parser<T> parser) {
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
}
