package io.quapr.sidecar.resiliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The API service invocation calls for {@code apps.<appId>} targets: the app's retry retries
 * only the failures whose status code its {@code matching} lists (HTTP 500-599, gRPC 14 here),
 * failures without a code always, and its timeout cuts each attempt.
 */
@QuarkusTest
@WithTestResource(ResiliencyTestResource.class)
class AppPolicyTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Resiliency resiliency;

    private Uni<String> failing(AtomicInteger attempts, int failures, RuntimeException failure) {
        return Uni.createFrom()
                .deferred(() -> attempts.incrementAndGet() <= failures
                        ? Uni.createFrom().failure(failure)
                        : Uni.createFrom().item("ok"));
    }

    @Test
    void matchingStatusesAreRetried() {
        AtomicInteger attempts = new AtomicInteger();
        String result = resiliency.app("flaky-app", "m1",
                () -> failing(attempts, 2, new StatusCodeException(503, "unavailable"))).await().atMost(WAIT);
        assertEquals("ok", result);
        assertEquals(3, attempts.get());
    }

    @Test
    void otherStatusesAreNot() {
        AtomicInteger attempts = new AtomicInteger();
        StatusCodeException e = assertThrows(StatusCodeException.class, () -> resiliency.app("flaky-app", "m2",
                () -> failing(attempts, 5, new StatusCodeException(404, "not found"))).await().atMost(WAIT));
        assertEquals(404, e.statusCode());
        assertEquals(1, attempts.get());
    }

    @Test
    void grpcCodesMatchTheirOwnList() {
        AtomicInteger unavailable = new AtomicInteger();
        resiliency.app("flaky-app", "m3", () -> failing(unavailable, 1, new StatusCodeException(14, "UNAVAILABLE")))
                .await().atMost(WAIT);
        assertEquals(2, unavailable.get());
        AtomicInteger notFound = new AtomicInteger();
        assertThrows(StatusCodeException.class, () -> resiliency.app("flaky-app", "m3",
                () -> failing(notFound, 5, new StatusCodeException(5, "NOT_FOUND"))).await().atMost(WAIT));
        assertEquals(1, notFound.get());
    }

    @Test
    void failuresWithoutACodeUseTheWholeBudget() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> resiliency.app("flaky-app", "m4",
                () -> failing(attempts, 10, new IllegalStateException("connection refused"))).await().atMost(WAIT));
        assertEquals(4, attempts.get(), "1 attempt + maxRetries 3");
    }

    @Test
    void eachAttemptIsTimedOut() {
        AtomicInteger attempts = new AtomicInteger();
        Throwable e = assertThrows(RuntimeException.class, () -> resiliency.app("flaky-app", "m5", () -> {
            attempts.incrementAndGet();
            return Uni.createFrom().<String>nothing();
        }).await().atMost(WAIT));
        assertInstanceOf(PolicyTimeoutException.class, e);
        assertEquals(4, attempts.get(), "a timeout has no status code: retried");
    }

    @Test
    void appsWithoutAPolicyRunOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(StatusCodeException.class, () -> resiliency.app("other-app", "m",
                () -> failing(attempts, 5, new StatusCodeException(503, "unavailable"))).await().atMost(WAIT));
        assertEquals(1, attempts.get());
    }
}
