package io.quapr.components.state.inmemory;

import static io.quapr.components.state.inmemory.StoreFixture.await;
import static io.quapr.components.state.inmemory.StoreFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagInvalidException;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ETagsTest {

    private static SetRequest set(String key, String etag, Concurrency concurrency) {
        return new SetRequest(key, utf8("v"), etag, Map.of(),
                new StateOptions(concurrency, Consistency.UNSPECIFIED));
    }

    @Test
    void etagsAreWriteNumbersThatOnlyGrow() {
        try (StoreFixture f = new StoreFixture()) {
            f.set("a", "1");
            long first = Long.parseLong(f.get("a").etag());
            f.set("b", "1");
            f.set("a", "2");
            long second = Long.parseLong(f.get("a").etag());
            assertTrue(second > Long.parseLong(f.get("b").etag()) && Long.parseLong(f.get("b").etag()) > first);
        }
    }

    @Test
    void anETagOfADeletedKeyNeverMatchesItsNextLife() {
        try (StoreFixture f = new StoreFixture()) {
            f.set("k", "1");
            String old = f.get("k").etag();
            f.store.delete(DeleteRequest.of("k")).await().indefinitely();
            f.set("k", "1");
            assertThrows(ETagMismatchException.class, () -> await(f.store.set(set("k", old, Concurrency.UNSPECIFIED))));
        }
    }

    @Test
    void malformedETagsAreInvalidNotMismatched() {
        try (StoreFixture f = new StoreFixture()) {
            f.set("k", "1");
            for (String bad : List.of("abc", "0", "-3", "1.5", "99999999999999999999")) {
                assertThrows(ETagInvalidException.class,
                        () -> await(f.store.set(set("k", bad, Concurrency.UNSPECIFIED))), bad);
                assertThrows(ETagInvalidException.class,
                        () -> await(f.store.delete(new DeleteRequest("k", bad, Map.of(), StateOptions.DEFAULT))), bad);
            }
        }
    }

    @Test
    void anEmptyETagCountsAsNone() {
        try (StoreFixture f = new StoreFixture()) {
            await(f.store.set(set("new", "", Concurrency.FIRST_WRITE)));
            assertThrows(ETagMismatchException.class,
                    () -> await(f.store.set(set("new", "", Concurrency.FIRST_WRITE))));
            await(f.store.set(set("new", "", Concurrency.LAST_WRITE)));
        }
    }

    @Test
    void firstWriteOnAnExpiredKeyIsAFirstWrite() {
        try (StoreFixture f = new StoreFixture()) {
            await(f.store.set(new SetRequest("k", utf8("v"), null, Map.of(SetRequest.TTL_IN_SECONDS, "1"),
                    StateOptions.DEFAULT)));
            f.clock.advance(Duration.ofSeconds(2));
            await(f.store.set(set("k", null, Concurrency.FIRST_WRITE)));
            assertEquals("v", new String(f.get("k").data()));
        }
    }
}
