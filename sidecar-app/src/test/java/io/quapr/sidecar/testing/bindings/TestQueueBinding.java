package io.quapr.sidecar.testing.bindings;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.bindings.InputBinding;
import io.quapr.spi.bindings.InputEvent;
import io.quapr.spi.bindings.InputHandler;
import io.quapr.spi.bindings.InputReader;
import io.quapr.spi.bindings.InvokeRequest;
import io.quapr.spi.bindings.InvokeResponse;
import io.quapr.spi.bindings.OutputBinding;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.Dependent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test fixture component ({@code bindings.test-queue}): an in-memory queue with the input
 * binding contract (a failed handler means redelivery), so the sidecar's delivery, discovery and
 * acknowledgement are tested without a server. Tests read the outcome through {@link #acked} and
 * {@link #attempts}.
 */
@Dependent
@ComponentType("bindings.test-queue")
public class TestQueueBinding implements InputBinding, OutputBinding {

    private static final Map<String, TestQueueBinding> INSTANCES = new ConcurrentHashMap<>();

    private final ConcurrentLinkedQueue<InputEvent> queue = new ConcurrentLinkedQueue<>();
    private final List<String> acked = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, byte[]> answers = new ConcurrentHashMap<>();
    private volatile InputHandler handler;
    private Vertx vertx;

    /** The data of the events the app accepted, in order, of the component with this name. */
    public static List<String> acked(String component) {
        TestQueueBinding b = INSTANCES.get(component);
        return b == null ? List.of() : List.copyOf(b.acked);
    }

    /** How many times the event with this data was handed to the sidecar. */
    public static int attempts(String component, String data) {
        TestQueueBinding b = INSTANCES.get(component);
        AtomicInteger n = b == null ? null : b.attempts.get(data);
        return n == null ? 0 : n.get();
    }

    /** The app's answer body to the accepted event with this data, or null. */
    public static byte[] answer(String component, String data) {
        TestQueueBinding b = INSTANCES.get(component);
        return b == null ? null : b.answers.get(data);
    }

    /** The data of the events waiting in the queue of the component with this name (not read). */
    public static List<String> queued(String component) {
        TestQueueBinding b = INSTANCES.get(component);
        return b == null
                ? List.of()
                : b.queue.stream().map(e -> new String(e.data(), StandardCharsets.UTF_8)).toList();
    }

    /** Whether the sidecar reads the component with this name. */
    public static boolean reading(String component) {
        TestQueueBinding b = INSTANCES.get(component);
        return b != null && b.handler != null;
    }

    /** Puts an event on the queue of the component with this name. */
    public static void offer(String component, String data, Map<String, String> metadata) {
        INSTANCES.get(component).enqueue(new InputEvent(data.getBytes(StandardCharsets.UTF_8), metadata));
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        vertx = context.vertx();
        INSTANCES.put(metadata.componentName(), this);
        return Uni.createFrom().voidItem();
    }

    @Override
    public List<String> operations() {
        return List.of("create");
    }

    @Override
    public Uni<InvokeResponse> invoke(InvokeRequest request) {
        enqueue(new InputEvent(request.data(), request.metadata()));
        return Uni.createFrom().item(new InvokeResponse(new byte[0], Map.of("queued", "true")));
    }

    @Override
    public Uni<InputReader> read(InputHandler handler) {
        this.handler = handler;
        InputEvent e;
        while ((e = queue.poll()) != null) {
            deliver(e);
        }
        return Uni.createFrom().item(() -> () -> {
            this.handler = null;
            return Uni.createFrom().voidItem();
        });
    }

    private void enqueue(InputEvent event) {
        if (handler == null) {
            queue.add(event);
        } else {
            deliver(event);
        }
    }

    private void deliver(InputEvent event) {
        InputHandler h = handler;
        if (h == null) {
            queue.add(event);
            return;
        }
        String data = new String(event.data(), StandardCharsets.UTF_8);
        attempts.computeIfAbsent(data, k -> new AtomicInteger()).incrementAndGet();
        h.handle(event).subscribe().with(answer -> {
            answers.put(data, answer);
            acked.add(data);
        }, failure -> vertx.setTimer(50, t -> deliver(event)));
    }
}
