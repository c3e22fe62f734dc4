package io.quapr.conformance;

import io.quapr.spi.ComponentContext;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What one test run shares: the module's components, its fixtures, and a lazily started
 * {@link ComponentContext} (one Vert.x instance, one {@link MutableClock}, one temporary data
 * folder) that {@link #close} releases when the run ends.
 */
public final class ConformanceRun implements AutoCloseable {

    /** The app id every component sees. */
    public static final String APP_ID = "conformance";

    private final List<Class<?>> components;
    private final Fixtures fixtures;
    private final boolean skipped;
    private final MutableClock clock = MutableClock.startingNow();
    private Vertx vertx;
    private Path dataDir;

    ConformanceRun(List<Class<?>> components, Fixtures fixtures, boolean skipped) {
        this.components = components;
        this.fixtures = fixtures;
        this.skipped = skipped;
    }

    /**
     * The run as the system properties describe it: components from
     * {@link ComponentDiscovery#classesDirectory()}, fixtures from
     * {@code quapr.conformance.fixtures}, everything skipped when
     * {@code quapr.conformance.skip=true}.
     */
    public static ConformanceRun fromSystemProperties() {
        boolean skip = Boolean.getBoolean("quapr.conformance.skip");
        List<Class<?>> found = skip
                ? List.of()
                : ComponentDiscovery.componentClasses(ComponentDiscovery.classesDirectory());
        return new ConformanceRun(found, Fixtures.fromSystemProperty(), skip);
    }

    /** Whether the suites are switched off for this module. */
    public boolean skipped() {
        return skipped;
    }

    /** The module's component classes that implement {@code block}, sorted by name. */
    public <T> List<Class<? extends T>> components(Class<T> block) {
        List<Class<? extends T>> result = new ArrayList<>();
        for (Class<?> c : components) {
            if (block.isAssignableFrom(c)) {
                result.add(c.asSubclass(block));
            }
        }
        return result;
    }

    /** Every component class the module declares. */
    public List<Class<?>> components() {
        return components;
    }

    /** The fixtures folder. */
    public Fixtures fixtures() {
        return fixtures;
    }

    /** The clock every component of the run is given. */
    public MutableClock clock() {
        return clock;
    }

    /** The context handed to every component's {@code init}; starts Vert.x on first use. */
    public synchronized ComponentContext context() {
        if (vertx == null) {
            vertx = Vertx.vertx();
            try {
                dataDir = Files.createTempDirectory("quapr-conformance-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ComponentContext(vertx, clock, APP_ID, "", dataDir);
    }

    @Override
    public synchronized void close() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx = null;
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** How long the suites wait for one operation before calling it hung. */
    static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);
}
