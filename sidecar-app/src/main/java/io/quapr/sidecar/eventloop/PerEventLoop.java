package io.quapr.sidecar.eventloop;

import io.vertx.core.Context;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One instance of a client per Vert.x event-loop thread, made on first use on that thread (and
 * one shared by every other thread). A Vert.x connection lives on the event loop that opened it;
 * a request made on another loop crosses threads for every write and every answer, which on a
 * small or virtualised machine costs more than the request itself. With a client per loop, each
 * loop's requests go out on connections of that same loop.
 *
 * @param <T> the client type
 */
public final class PerEventLoop<T> {

    /**
     * The key of the instance used off the event loops (worker threads, start-up, tests). A plain object,
     * not a {@code Thread}: a native image initialises this class at build time, and a thread made then
     * would carry the image builder's context class loader into the executable.
     */
    private static final Object OFF_LOOP = new Object();

    private final Map<Object, T> byThread = new ConcurrentHashMap<>();
    private final Supplier<T> factory;

    /**
     * @param factory makes one client; called on the thread that will use it
     */
    public PerEventLoop(Supplier<T> factory) {
        this.factory = factory;
    }

    /** The calling thread's instance. */
    public T get() {
        Object key = Context.isOnEventLoopThread() ? Thread.currentThread() : OFF_LOOP;
        T t = byThread.get(key);
        return t != null ? t : byThread.computeIfAbsent(key, k -> factory.get());
    }

    /** Every instance made so far (to close them). */
    public Collection<T> all() {
        return byThread.values();
    }
}
