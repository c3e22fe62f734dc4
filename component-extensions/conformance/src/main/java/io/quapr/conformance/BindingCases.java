package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.bindings.InputBinding;
import io.quapr.spi.bindings.InputEvent;
import io.quapr.spi.bindings.InputHandler;
import io.quapr.spi.bindings.InputReader;
import io.quapr.spi.bindings.InvokeRequest;
import io.quapr.spi.bindings.InvokeResponse;
import io.quapr.spi.bindings.OutputBinding;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.DynamicNode;

/**
 * The cases of the bindings suite. Items and events carry new {@code conformance <uuid>} text (no
 * quotes, not base64, so no component transforms it), so runs against a persistent backend never
 * meet earlier data. Waits are real time: an expected event must come within 30 s, one that must
 * not come is watched for 3 s.
 */
final class BindingCases {

    private static final Duration ARRIVAL = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofSeconds(3);

    private BindingCases() {
    }

    /**
     * Output cases: with {@code create} and {@code get} and a {@code key-metadata} hint, a created
     * item reads back byte for byte; with {@code delete} too, a deleted item no longer reads.
     */
    static List<DynamicNode> output(OutputBinding b, BindingHints hints) {
        List<DynamicNode> nodes = new ArrayList<>();
        List<String> ops = b.operations();
        String key = hints.keyMetadata();
        if (!key.isEmpty() && ops.contains("create") && ops.contains("get")) {
            nodes.add(dynamicTest("create then get answers the same bytes", () -> {
                String name = "conf-" + UUID.randomUUID();
                byte[] data = text();
                Ops.await(b.invoke(new InvokeRequest("create", data, Map.of(key, name))));
                InvokeResponse got = Ops.await(b.invoke(new InvokeRequest("get", new byte[0], Map.of(key, name))));
                assertArrayEquals(data, got.data(), "get after create");
            }));
            if (ops.contains("delete")) {
                nodes.add(dynamicTest("get after delete fails or answers no data", () -> {
                    String name = "conf-" + UUID.randomUUID();
                    Ops.await(b.invoke(new InvokeRequest("create", text(), Map.of(key, name))));
                    Ops.await(b.invoke(new InvokeRequest("delete", new byte[0], Map.of(key, name))));
                    InvokeResponse got;
                    try {
                        got = Ops.await(b.invoke(new InvokeRequest("get", new byte[0], Map.of(key, name))));
                    } catch (RuntimeException refused) {
                        return;
                    }
                    assertTrue(got == null || got.data().length == 0, "get after delete answered data");
                }));
            }
        }
        nodes.add(dynamicTest("every listed operation name is lower case and unique",
                () -> assertEquals(ops.stream().map(String::toLowerCase).distinct().toList(), ops)));
        return nodes;
    }

    /**
     * Input cases: an event arrives (created through the component's own {@code create}, or made
     * by the source itself); with {@code redelivers}, an event the handler refused comes again
     * and, once accepted, not a third time; after {@code stop()}, nothing reaches the handler.
     */
    static List<DynamicNode> input(InputBinding in, OutputBinding out, BindingHints hints) {
        List<DynamicNode> nodes = new ArrayList<>();
        boolean canCreate = out != null && out.operations().contains("create");
        if (!hints.selfTriggering() && !canCreate) {
            nodes.add(dynamicTest("no way to make an event (no create, not self-triggering): cases skipped", () -> {
            }));
            return nodes;
        }
        nodes.add(dynamicTest("an event arrives", () -> {
            Recorder r = new Recorder(e -> false);
            InputReader reader = Ops.await(in.read(r));
            try {
                byte[] data = hints.selfTriggering() ? null : text();
                if (data != null) {
                    Ops.await(out.invoke(new InvokeRequest("create", data, Map.of())));
                }
                InputEvent e = r.await(x -> data == null || Arrays.equals(data, x.data()), ARRIVAL);
                assertTrue(e.metadata() != null, "event metadata is not null");
            } finally {
                Ops.await(reader.stop());
            }
        }));
        if (hints.redelivers() && canCreate) {
            nodes.add(dynamicTest("a refused event comes again, and not a third time once accepted", () -> {
                byte[] data = text();
                Predicate<InputEvent> mine = x -> Arrays.equals(data, x.data());
                AtomicBoolean refusedOnce = new AtomicBoolean();
                Recorder r = new Recorder(x -> mine.test(x) && refusedOnce.compareAndSet(false, true));
                InputReader reader = Ops.await(in.read(r));
                try {
                    Ops.await(out.invoke(new InvokeRequest("create", data, Map.of())));
                    r.awaitCount(mine, 2, ARRIVAL);
                    sleep(QUIET);
                    assertEquals(2, r.count(mine), "deliveries of the event refused once");
                } finally {
                    Ops.await(reader.stop());
                }
            }));
        }
        if (hints.redelivers() && canCreate) {
            nodes.add(dynamicTest("1,000 events, 10% refused once and the app down for 2 s: every one arrives",
                    () -> BindingReliability.run(in, out)));
        }
        nodes.add(dynamicTest("after stop() nothing reaches the handler", () -> {
            Recorder r = new Recorder(e -> false);
            InputReader reader = Ops.await(in.read(r));
            Ops.await(reader.stop());
            int before = r.events.size();
            if (canCreate && !hints.selfTriggering()) {
                Ops.await(out.invoke(new InvokeRequest("create", text(), Map.of())));
            }
            sleep(QUIET);
            assertEquals(before, r.events.size(), "events handed over after stop()");
        }));
        return nodes;
    }

    private static byte[] text() {
        return ("conformance " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A handler that records every event and refuses those the predicate picks. */
    private static final class Recorder implements InputHandler {

        final List<InputEvent> events = new CopyOnWriteArrayList<>();
        private final Predicate<InputEvent> refuse;

        Recorder(Predicate<InputEvent> refuse) {
            this.refuse = refuse;
        }

        @Override
        public Uni<byte[]> handle(InputEvent event) {
            events.add(event);
            return refuse.test(event)
                    ? Uni.createFrom().failure(new IllegalStateException("refused by the test"))
                    : Uni.createFrom().item(new byte[0]);
        }

        long count(Predicate<InputEvent> p) {
            return events.stream().filter(p).count();
        }

        InputEvent await(Predicate<InputEvent> p, Duration within) {
            awaitCount(p, 1, within);
            return events.stream().filter(p).findFirst().orElseThrow();
        }

        void awaitCount(Predicate<InputEvent> p, int n, Duration within) {
            long end = System.nanoTime() + within.toNanos();
            while (count(p) < n) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("expected " + n + " matching events within " + within + ", got "
                            + count(p));
                }
                sleep(Duration.ofMillis(20));
            }
        }
    }
}
