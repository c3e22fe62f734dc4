package io.quapr.sidecar.eventloop;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bound on the connections one port holds open at once, shared by the port's servers (one per
 * event loop). A connection over the bound is closed as it is accepted, before any handler sees
 * it: one client opening connections without end runs out of this port's share, not of the
 * process's descriptors, and the other ports keep serving.
 */
public final class ConnectionLimit {

    private final int max;

    private final AtomicInteger open = new AtomicInteger();

    /** @param max the most connections open at once; 0 or less: no bound */
    public ConnectionLimit(int max) {
        this.max = max;
    }

    /**
     * Counts a newly accepted connection in, or closes it when the port is full.
     *
     * @return whether the connection may be served
     */
    public boolean admit(Channel channel) {
        if (max <= 0) {
            return true;
        }
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            channel.close();
            return false;
        }
        channel.closeFuture().addListener(f -> open.decrementAndGet());
        return true;
    }

    /** The bound (0 or less: none). */
    public int max() {
        return max;
    }
}
