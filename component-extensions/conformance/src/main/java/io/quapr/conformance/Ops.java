package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waits for a component's {@code Uni}s, with a timeout so that a hung call fails the test. */
final class Ops {

    private Ops() {
    }

    /** The item of {@code uni}; its failure is rethrown as it came. */
    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(ConformanceRun.OPERATION_TIMEOUT);
    }

    /** Asserts that {@code uni} fails and returns the failure, unwrapped from future wrappers. */
    static Throwable failure(Uni<?> uni, String what) {
        try {
            uni.await().atMost(ConformanceRun.OPERATION_TIMEOUT);
        } catch (TimeoutException e) {
            return fail(what + ": timed out after " + ConformanceRun.OPERATION_TIMEOUT, e);
        } catch (Throwable e) {
            return unwrap(e);
        }
        return fail(what + ": expected a failure, but it succeeded");
    }

    /** Asserts that {@code uni} fails with one of {@code types}; returns the failure. */
    @SafeVarargs
    static Throwable failsWith(Uni<?> uni, String what, Class<? extends Throwable>... types) {
        Throwable e = failure(uni, what);
        for (Class<? extends Throwable> t : types) {
            if (t.isInstance(e)) {
                return e;
            }
        }
        return fail(what + ": expected " + Arrays.stream(types).map(Class::getSimpleName).toList() + " but got "
                + e, e);
    }

    /** Strips the wrappers futures and Mutiny put around a component's own exception. */
    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
