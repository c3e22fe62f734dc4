package io.quapr.sidecar.invoke;

import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import java.util.Deque;

/** A stream a test feeds by hand, paused at first: items pushed while it is paused wait, in order. */
final class HandFedStream<T> implements ReadStream<T> {

    private static final Object END = new Object();

    private final Deque<Object> queue = new ArrayDeque<>();
    private Handler<T> handler;
    private Handler<Void> endHandler;
    private boolean paused = true;
    private long demand;

    void push(T item) {
        queue.add(item);
        drain();
    }

    void end() {
        queue.add(END);
        drain();
    }

    boolean paused() {
        return paused;
    }

    @SuppressWarnings("unchecked")
    private void drain() {
        while ((!paused || demand > 0) && !queue.isEmpty()) {
            if (paused) {
                demand--;
            }
            Object next = queue.poll();
            if (next == END) {
                if (endHandler != null) {
                    endHandler.handle(null);
                }
            } else if (handler != null) {
                handler.handle((T) next);
            }
        }
    }

    @Override
    public HandFedStream<T> exceptionHandler(Handler<Throwable> h) {
        return this;
    }

    @Override
    public HandFedStream<T> handler(Handler<T> h) {
        handler = h;
        return this;
    }

    @Override
    public HandFedStream<T> pause() {
        paused = true;
        return this;
    }

    @Override
    public HandFedStream<T> resume() {
        paused = false;
        drain();
        return this;
    }

    @Override
    public HandFedStream<T> fetch(long amount) {
        demand += amount;
        drain();
        return this;
    }

    @Override
    public HandFedStream<T> endHandler(Handler<Void> h) {
        endHandler = h;
        return this;
    }
}
