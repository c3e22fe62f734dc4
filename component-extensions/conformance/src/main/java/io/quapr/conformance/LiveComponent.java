package io.quapr.conformance;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.Component;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * One component instance under test: created with its public no-arg constructor (as CDI would),
 * initialised with the fixture's metadata, closed by the last test of its container.
 *
 * @param <T> the block interface
 */
final class LiveComponent<T extends Component> {

    private final Class<? extends T> type;
    private final String daprType;
    private T instance;
    private Throwable initFailure;

    private LiveComponent(Class<? extends T> type) {
        this.type = type;
        this.daprType = type.getAnnotation(ComponentType.class).value();
    }

    /** Creates and initialises an instance now; a failure is kept for {@link #initTest()}. */
    static <T extends Component> LiveComponent<T> start(Class<? extends T> type, ConformanceRun run) {
        LiveComponent<T> live = new LiveComponent<>(type);
        try {
            Constructor<? extends T> constructor = type.getConstructor();
            T created = constructor.newInstance();
            ComponentMetadata metadata = run.fixtures().bind(type);
            Ops.await(created.init(metadata, run.context()));
            live.instance = created;
        } catch (Throwable e) {
            live.initFailure = Ops.unwrap(e instanceof InvocationTargetException ite
                    ? ite.getCause()
                    : e);
        }
        return live;
    }

    /** Whether init succeeded, so the block's cases can run. */
    boolean ready() {
        return instance != null;
    }

    /** The initialised instance. */
    T instance() {
        return instance;
    }

    /** The Dapr type name. */
    String daprType() {
        return daprType;
    }

    /** The name of the container holding this component's tests. */
    String displayName() {
        return daprType + " (" + type.getSimpleName() + ")";
    }

    /** Reports how init went: fails with the init error, if any. */
    DynamicTest initTest() {
        return dynamicTest("init with the fixture's metadata", () -> {
            if (initFailure != null) {
                throw new AssertionFailedError(daprType + " failed to initialise: " + initFailure, initFailure);
            }
        });
    }

    /** Closes the instance; {@code close()} must complete. */
    DynamicTest closeTest() {
        return dynamicTest("close", () -> {
            if (instance != null) {
                T closing = instance;
                instance = null;
                Ops.await(closing.close());
            }
        });
    }
}
