package io.quapr.sidecar.api.http.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of every API connection, ahead of the HTTP codec: it bounds how long a request
 * head may take and answers a client that half-closes.
 * <ul>
 * <li><b>Head deadline</b> (Go's {@code ReadHeaderTimeout}, daprd's 10 s): the first request's line
 * and headers must arrive within the deadline of the connection's accept; a later request's within
 * the deadline of its first byte (the wait before it is the idle timeout's). A client trickling a
 * byte at a time never looks idle, so only this closes it.</li>
 * <li><b>Half-close</b>: a client may send a request and shut down its side. Netty would close the
 * connection as soon as it reads the end of input, often before the answer is written; the input
 * end is kept open here, and the connection closes once every request received has its answer
 * (at once when none is pending, or when the last request is incomplete).</li>
 * </ul>
 * {@link ExchangeTracker}, behind the codec, reports heads, ends of requests and ends of answers.
 */
final class ConnectionGuard extends ChannelDuplexHandler {

    /** The handler's name in the pipeline. */
    static final String NAME = "quapr-connection-guard";

    private final long headTimeoutNanos;

    private ChannelHandlerContext ctx;

    /**
     * One timer per connection, not one per request: it fires at the deadline of the head that was
     * in progress when it was set, and re-arms itself for the head in progress then, if any.
     */
    private ScheduledFuture<?> timer;

    /** When the head now in progress began ({@link System#nanoTime()}); 0: none in progress. */
    private long headStart;

    /** No request is part-way received: the next byte starts a head. */
    private boolean betweenRequests = true;

    /** Requests received in full or in part whose answer has not ended. */
    private int unanswered;

    private boolean inputShut;

    /** @param headTimeout the head deadline in milliseconds; 0 or less: none */
    ConnectionGuard(long headTimeout) {
        this.headTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(headTimeout);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        // the first head's clock runs from the accept: a client that connects and sends nothing
        // useful is as slow as one that trickles
        headBegins();
    }

    /**
     * Removed by an h2c upgrade (Vert.x clears every HTTP/1.x handler) or when standing down: the
     * HTTP/2 handlers bound the connection from here, and Netty's own close on end of input applies.
     */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopTimer();
        ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (betweenRequests && headStart == 0) {
            headBegins();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputShut = true;
            closeIfDone();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopTimer();
        ctx.fireChannelInactive();
    }

    /** The connection turned to HTTP/2 (h2c): its own handlers bound it from here. */
    void standDown() {
        ctx.pipeline().remove(this);
    }

    /** A request head was decoded in full. */
    void headReceived() {
        headStart = 0;
        betweenRequests = false;
        unanswered++;
    }

    /** The request's last byte was decoded: the next byte starts another head. */
    void requestReceived() {
        betweenRequests = true;
        closeIfDone();
    }

    /** An answer was written to its end. */
    void answered() {
        unanswered = Math.max(0, unanswered - 1);
        closeIfDone();
    }

    private void closeIfDone() {
        if (inputShut && (unanswered == 0 || !betweenRequests)) {
            stopTimer();
            // behind whatever answer is queued: the empty write flushes it, then the close
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void headBegins() {
        if (headTimeoutNanos <= 0) {
            return;
        }
        headStart = System.nanoTime();
        if (timer == null) {
            arm(headTimeoutNanos);
        }
    }

    private void arm(long delayNanos) {
        timer = ctx.executor().schedule(this::deadline, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void deadline() {
        timer = null;
        if (headStart == 0 || !ctx.channel().isActive()) {
            return;
        }
        long left = headStart + headTimeoutNanos - System.nanoTime();
        if (left > 0) {
            arm(left);
        } else {
            // as Go's server: the connection closes without an answer (there is no request to answer)
            ctx.close();
        }
    }

    private void stopTimer() {
        headStart = 0;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
