package io.quapr.sidecar.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.quapr.internal.v1.InvokeFrame;
import io.quapr.internal.v1.RequestHead;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a head and its body become frames ({@link FrameSender}) and back ({@link FrameBody}). */
class FrameSenderTest {

    private static final InvokeFrame HEAD = Frames
            .of(RequestHead.newBuilder().setMethod("echo").setVerb("POST").build());

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBodyThatEndsInTheHeadsTurnGoesInsideTheHeadFrameWithTheEnd() throws Exception {
        List<String> sent = onContext((context, out) -> {
            HandFedStream<Buffer> body = new HandFedStream<>();
            FrameSender.send(context, out, HEAD, body);
            body.push(Buffer.buffer("ab"));
            body.push(Buffer.buffer("cd"));
            body.end();
            context.runOnContext(v -> out.done());
        });
        assertEquals(List.of("end head echo +abcd"), sent);
    }

    @Test
    void aBodyStillComingAfterTheTurnFollowsInDataFrames() throws Exception {
        List<String> sent = onContext((context, out) -> {
            HandFedStream<Buffer> body = new HandFedStream<>();
            FrameSender.send(context, out, HEAD, body);
            body.push(Buffer.buffer("ab"));
            context.runOnContext(v -> {
                body.push(Buffer.buffer("cd"));
                body.end();
                out.done();
            });
        });
        assertEquals(List.of("write head echo +ab", "write data cd", "end"), sent);
    }

    @Test
    void aBodyWithNothingInTheTurnSendsTheHeadAlone() throws Exception {
        List<String> sent = onContext((context, out) -> {
            HandFedStream<Buffer> body = new HandFedStream<>();
            FrameSender.send(context, out, HEAD, body);
            context.runOnContext(v -> context.runOnContext(w -> {
                body.end();
                out.done();
            }));
        });
        assertEquals(List.of("write head echo", "end"), sent);
    }

    @Test
    void theHeadFrameCarriesABoundedPartOfALargeBody() throws Exception {
        List<String> sent = onContext((context, out) -> {
            HandFedStream<Buffer> body = new HandFedStream<>();
            FrameSender.send(context, out, HEAD, body);
            body.push(Buffer.buffer(new byte[40 * 1024]));
            body.push(Buffer.buffer(new byte[40 * 1024]));
            body.push(Buffer.buffer(new byte[40 * 1024]));
            body.end();
            out.done();
        });
        assertEquals(List.of("write head echo +81920 bytes", "write data 40960 bytes", "end"), sent);
    }

    @Test
    void noBodyIsTheHeadFrameWithTheEnd() throws Exception {
        List<String> sent = onContext((context, out) -> {
            FrameSender.send(context, out, HEAD, null);
            out.done();
        });
        assertEquals(List.of("end head echo"), sent);
    }

    @Test
    void theReaderGetsTheHeadsBytesFirstAndMayPauseOnThem() throws Exception {
        List<String> read = new ArrayList<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            HandFedStream<InvokeFrame> frames = new HandFedStream<>();
            frames.resume();
            FrameBody body = FrameBody.read(frames, new Cancellation());
            frames.push(HEAD.toBuilder().setFirstData(ByteString.copyFromUtf8("xy")).build());
            frames.push(InvokeFrame.newBuilder().setData(ByteString.copyFromUtf8("z")).build());
            frames.end();
            body.head().onSuccess(head -> {
                read.add("head " + head.getRequest().getMethod());
                body.endHandler(e -> ended.complete(null));
                body.handler(chunk -> {
                    read.add(chunk.toString());
                    if (chunk.toString().equals("xy")) {
                        // paused on the first chunk: the next waits for resume
                        body.pause();
                        vertx.runOnContext(w -> {
                            read.add("resumed");
                            body.resume();
                        });
                    }
                });
                body.resume();
            });
        });
        ended.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("head echo", "xy", "resumed", "z"), read);
    }

    /** Runs the scenario on an event-loop context and returns what reached the stream. */
    private List<String> onContext(BiConsumer<Context, RecordingStream> scenario) throws Exception {
        RecordingStream out = new RecordingStream();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> scenario.accept(context, out));
        return out.finished.get(10, TimeUnit.SECONDS);
    }

    /** The frames written and how the stream was ended, one line each. */
    private static final class RecordingStream implements WriteStream<InvokeFrame> {

        final List<String> events = new ArrayList<>();
        final CompletableFuture<List<String>> finished = new CompletableFuture<>();

        void done() {
            finished.complete(List.copyOf(events));
        }

        private static String describe(InvokeFrame f) {
            if (f.getFrameCase() == InvokeFrame.FrameCase.DATA) {
                return "data " + bytes(f.getData());
            }
            String s = "head " + f.getRequest().getMethod();
            return f.getFirstData().isEmpty() ? s : s + " +" + bytes(f.getFirstData());
        }

        private static String bytes(ByteString b) {
            return b.size() > 100 ? b.size() + " bytes" : b.toStringUtf8();
        }

        @Override
        public Future<Void> write(InvokeFrame data) {
            events.add("write " + describe(data));
            return Future.succeededFuture();
        }

        @Override
        public void write(InvokeFrame data, Handler<AsyncResult<Void>> handler) {
            write(data);
        }

        @Override
        public Future<Void> end(InvokeFrame data) {
            events.add("end " + describe(data));
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> end() {
            events.add("end");
            return Future.succeededFuture();
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            end();
        }

        @Override
        public RecordingStream exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public RecordingStream setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public RecordingStream drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
