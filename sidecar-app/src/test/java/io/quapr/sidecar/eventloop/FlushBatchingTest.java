package io.quapr.sidecar.eventloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An HTTP/2 answer written outside the connection's read (as the sidecars write the frames of a
 * call that another connection's read started): counts the flushes that reach the socket.
 */
class FlushBatchingTest {

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
    void theFramesOfOneAnswerLeaveInOneWrite() throws Exception {
        assertEquals(1, flushesForOneAnswer(true));
    }

    @Test
    void withoutItEachFrameIsFlushedOnItsOwn() throws Exception {
        // the control: headers with the first chunk, two more chunks, trailers
        assertTrue(flushesForOneAnswer(false) >= 3);
    }

    /** Flushes that reach the socket while a server answers with three chunks and trailers. */
    private int flushesForOneAnswer(boolean batched) throws Exception {
        AtomicInteger flushes = new AtomicInteger();
        AtomicReference<Integer> atStart = new AtomicReference<>();
        Handler<HttpConnection> connections = conn -> {
            if (batched) {
                FlushBatching.install(conn);
            }
            // first in the pipeline, nearest the socket: sees only the flushes that write
            ((ConnectionBase) conn).channel().pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
                @Override
                public void flush(ChannelHandlerContext ctx) {
                    flushes.incrementAndGet();
                    ctx.flush();
                }
            });
        };
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setPort(0).setHost("127.0.0.1"))
                .connectionHandler(connections)
                .requestHandler(req -> req.end().onSuccess(v -> vertx.setTimer(20, id -> {
                    // a timer: no read of this connection is in progress
                    atStart.set(flushes.get());
                    HttpServerResponse resp = req.response().setChunked(true);
                    resp.trailers().add("x-done", "yes");
                    resp.write("a");
                    resp.write("b");
                    resp.write("c");
                    resp.end();
                })))
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        Buffer body = client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
                .compose(req -> req.send().compose(resp -> resp.body()))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("abc", body.toString());
        return flushes.get() - atStart.get();
    }
}
