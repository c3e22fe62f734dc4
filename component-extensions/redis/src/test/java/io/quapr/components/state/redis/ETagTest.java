package io.quapr.components.state.redis;

import static io.quapr.components.state.redis.RedisFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagInvalidException;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ETags are versions: a stale one is a mismatch, one that is not a number is invalid. */
class ETagTest {

    private static final StateOptions FIRST_WRITE = new StateOptions(Concurrency.FIRST_WRITE,
            Consistency.UNSPECIFIED);
    private static final StateOptions LAST_WRITE = new StateOptions(Concurrency.LAST_WRITE, Consistency.UNSPECIFIED);

    @RegisterExtension
    final RedisFixture redis = new RedisFixture();
    private RedisStateStore store;
    private String key;

    @BeforeEach
    void open() {
        store = redis.store();
        key = redis.key("k");
    }

    private SetRequest set(String value, String etag, StateOptions options) {
        return new SetRequest(key, value.getBytes(StandardCharsets.UTF_8), etag, Map.of(), options);
    }

    private String value() {
        return new String(await(store.get(GetRequest.of(key))).data(), StandardCharsets.UTF_8);
    }

    @Test
    void theCurrentETagWinsAndAStaleOneIsAMismatch() {
        await(store.set(set("a", null, StateOptions.DEFAULT)));
        await(store.set(set("b", "1", StateOptions.DEFAULT)));

        ETagMismatchException e = assertThrows(ETagMismatchException.class,
                () -> await(store.set(set("c", "1", StateOptions.DEFAULT))));
        assertEquals(true, e.getMessage().contains(key));
        assertEquals("b", value());
        assertEquals("2", await(store.get(GetRequest.of(key))).etag());
    }

    @Test
    void lastWriteStillChecksAGivenETag() {
        await(store.set(set("a", null, StateOptions.DEFAULT)));
        assertThrows(ETagMismatchException.class, () -> await(store.set(set("b", "9999999", LAST_WRITE))));
        await(store.set(set("c", null, LAST_WRITE)));
        assertEquals("c", value());
    }

    @Test
    void anETagForAnAbsentKeyIsAMismatch() {
        assertThrows(ETagMismatchException.class, () -> await(store.set(set("a", "1", StateOptions.DEFAULT))));
        assertThrows(ETagMismatchException.class,
                () -> await(store.delete(new DeleteRequest(key, "1", Map.of(), StateOptions.DEFAULT))));
        assertFalse(await(store.get(GetRequest.of(key))).found());
    }

    @Test
    void aMalformedETagIsInvalidForSetsAndDeletes() {
        await(store.set(set("a", null, StateOptions.DEFAULT)));
        assertThrows(ETagInvalidException.class,
                () -> await(store.set(set("b", "not-a-number", StateOptions.DEFAULT))));
        assertThrows(ETagInvalidException.class, () -> await(store.set(set("b", "1.0", FIRST_WRITE))));
        assertThrows(ETagInvalidException.class,
                () -> await(store.delete(new DeleteRequest(key, "bad-etag", Map.of(), StateOptions.DEFAULT))));
        assertEquals("a", value());
    }

    @Test
    void anETagIsReadAsANumberAsDaprdDoes() {
        await(store.set(set("a", null, StateOptions.DEFAULT)));
        await(store.set(set("b", "01", StateOptions.DEFAULT)));
        assertEquals("b", value());
    }

    @Test
    void firstWriteWithoutETagOnlyCreates() {
        await(store.set(set("a", null, FIRST_WRITE)));
        assertThrows(ETagMismatchException.class, () -> await(store.set(set("b", null, FIRST_WRITE))));
        assertThrows(ETagMismatchException.class, () -> await(store.set(set("b", "", FIRST_WRITE))));
        assertEquals("a", value());
    }

    @Test
    void firstWriteWithETagChecksIt() {
        await(store.set(set("a", null, StateOptions.DEFAULT)));
        await(store.set(set("b", "1", FIRST_WRITE)));
        assertThrows(ETagMismatchException.class, () -> await(store.set(set("c", "1", FIRST_WRITE))));
        assertEquals("b", value());
    }

    @Test
    void aKeyWrittenWithFirstWriteCanBeOverwrittenPlainly() {
        // daprd would refuse this (its script honours its first-write marker on every later
        // write); the SPI's last-write-wins default does not
        await(store.set(set("a", null, FIRST_WRITE)));
        await(store.set(set("b", null, StateOptions.DEFAULT)));
        assertEquals("b", value());
    }

    @Test
    void deletesCheckTheETagAndAMissingKeyWithoutOneIsFine() {
        await(store.delete(DeleteRequest.of(key)));
        await(store.set(set("a", null, StateOptions.DEFAULT)));
        await(store.set(set("b", null, StateOptions.DEFAULT)));

        assertThrows(ETagMismatchException.class,
                () -> await(store.delete(new DeleteRequest(key, "1", Map.of(), StateOptions.DEFAULT))));
        assertEquals("b", value());

        await(store.delete(new DeleteRequest(key, "2", Map.of(), StateOptions.DEFAULT)));
        assertFalse(await(store.get(GetRequest.of(key))).found());
    }

    @Test
    void aDeletedKeyStartsAgainAtVersionOne() {
        await(store.set(set("a", null, StateOptions.DEFAULT)));
        await(store.set(set("b", null, StateOptions.DEFAULT)));
        await(store.delete(DeleteRequest.of(key)));
        await(store.set(set("c", null, StateOptions.DEFAULT)));
        assertEquals("1", await(store.get(GetRequest.of(key))).etag());
    }
}
