package io.quapr.sidecar.invoke.grpcproxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading gRPC's length-prefixed messages from a body that arrives in arbitrary chunks. */
class GrpcFramesTest {

    @Test
    void messagesSplitAnywhereComeOutWholeAndInOrder() {
        Buffer body = Buffer.buffer().appendBuffer(GrpcFrames.frame(new byte[] { 1, 2, 3 }))
                .appendBuffer(GrpcFrames.frame(new byte[0])).appendBuffer(GrpcFrames.frame(new byte[300]));
        for (int step = 1; step <= body.length(); step++) {
            List<byte[]> got = new ArrayList<>();
            GrpcFrames frames = new GrpcFrames(got::add);
            for (int i = 0; i < body.length(); i += step) {
                frames.feed(body.getBuffer(i, Math.min(body.length(), i + step)));
            }
            assertEquals(3, got.size(), "step " + step);
            assertArrayEquals(new byte[] { 1, 2, 3 }, got.get(0));
            assertEquals(0, got.get(1).length);
            assertEquals(300, got.get(2).length);
            assertFalse(frames.partial());
        }
    }

    @Test
    void aCutMessageIsPartial() {
        GrpcFrames frames = new GrpcFrames(m -> {
        });
        frames.feed(GrpcFrames.frame(new byte[10]).getBuffer(0, 8));
        assertTrue(frames.partial());
    }

    @Test
    void aCompressedMessageIsRefused() {
        GrpcFrames frames = new GrpcFrames(m -> {
        });
        assertThrows(IllegalStateException.class,
                () -> frames.feed(Buffer.buffer().appendByte((byte) 1).appendInt(1).appendByte((byte) 7)));
    }

    @Test
    void grpcMessageIsPercentDecoded() {
        assertEquals("bad input: ünïcode 100% sure",
                ProxyMetadata.decodeMessage(CalleeProxy.percentEncode("bad input: ünïcode 100% sure")));
        assertEquals("plain", ProxyMetadata.decodeMessage("plain"));
    }
}
