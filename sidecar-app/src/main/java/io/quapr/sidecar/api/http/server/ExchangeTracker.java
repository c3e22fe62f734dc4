package io.quapr.sidecar.api.http.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Sits just behind the HTTP codec of an API connection and sees requests and answers as HTTP
 * messages: it tells {@link ConnectionGuard} where each request head and request end and each
 * answer ends, and answers a body the codec could not decode (an invalid chunk size) with 400, as
 * Go's server does, where Vert.x would close the connection without a word.
 */
final class ExchangeTracker extends ChannelDuplexHandler {

    /** The handler's name in the pipeline. */
    static final String NAME = "quapr-exchange-tracker";

    private static final String MALFORMED_CHUNKS = "400 Bad Request: malformed chunked encoding";

    private final ConnectionGuard guard;

    /** Request heads received, answers begun and answers ended, on this connection. */
    private long requests;

    private long answersBegun;

    private long answersEnded;

    /** An informational answer (100 Continue) is in progress: its end is not the request's answer. */
    private boolean informational;

    private boolean refused;

    ExchangeTracker(ConnectionGuard guard) {
        this.guard = guard;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest) {
            requests++;
            guard.headReceived();
        }
        if (msg instanceof HttpContent content && content.decoderResult().isFailure()
                && !(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
            refuseBody(ctx);
            return;
        }
        boolean last = msg instanceof LastHttpContent;
        ctx.fireChannelRead(msg);
        if (last) {
            guard.requestReceived();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (!informational) {
                answersBegun++;
            }
        }
        boolean ends = msg instanceof LastHttpContent && !informational;
        if (msg instanceof LastHttpContent) {
            informational = false;
        }
        ctx.write(msg, promise);
        if (ends) {
            answersEnded++;
            guard.answered();
        }
    }

    /**
     * The request's body cannot be read. When every earlier request is answered and this one's
     * answer has not begun, the client gets a 400; either way the connection closes (what follows
     * on it cannot be framed).
     */
    private void refuseBody(ChannelHandlerContext ctx) {
        refused = true;
        if (answersBegun == requests - 1 && answersEnded == answersBegun) {
            ByteBuf body = Unpooled.copiedBuffer(MALFORMED_CHUNKS, StandardCharsets.US_ASCII);
            FullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                    body);
            answer.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
