package io.quapr.components.state.redis;

import static io.quapr.components.state.redis.RedisFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagInvalidException;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOperation;
import io.quapr.spi.state.StateOptions;
import io.vertx.redis.client.Command;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A transaction is all or nothing, ETag checks included, and sees its own earlier writes. */
class TransactionTest {

    @RegisterExtension
    final RedisFixture redis = new RedisFixture();
    private RedisStateStore store;

    @BeforeEach
    void open() {
        store = redis.store();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static SetRequest set(String key, String value, String etag, Map<String, String> metadata) {
        return new SetRequest(key, b(value), etag, metadata, StateOptions.DEFAULT);
    }

    private GetResponse get(String key) {
        return await(store.get(GetRequest.of(key)));
    }

    @Test
    void everyOperationIsAppliedInOrder() {
        String a = redis.key("a"), b = redis.key("b"), c = redis.key("c");
        await(store.set(SetRequest.of(c, b("old"))));

        await(store.multi(List.of(set(a, "1", null, Map.of()), set(b, "2", null, Map.of("ttlInSeconds", "60")),
                DeleteRequest.of(c)), Map.of()));

        assertEquals("1", new String(get(a).data(), StandardCharsets.UTF_8));
        assertEquals("2", new String(get(b).data(), StandardCharsets.UTF_8));
        assertTrue(get(b).metadata().containsKey(GetResponse.TTL_EXPIRE_TIME));
        assertFalse(get(c).found());
    }

    @Test
    void oneStaleETagLeavesEveryKeyAsItWas() {
        String a = redis.key("a"), b = redis.key("b"), c = redis.key("c"), d = redis.key("d");
        await(store.set(SetRequest.of(a, b("a0"))));
        await(store.set(set(b, "b0", null, Map.of("ttlInSeconds", "500"))));
        await(store.set(SetRequest.of(c, b("c0"))));
        await(store.set(SetRequest.of(c, b("c1"))));
        long bTtl = redis.raw(Command.PTTL, b).toLong();

        List<StateOperation> ops = List.of(
                set(a, "a1", "1", Map.of()), // would pass
                set(b, "b1", null, Map.of()), // would clear b's TTL
                DeleteRequest.of(d), // absent, no ETag: would pass
                set(d, "d1", null, Map.of()), // would create d
                set(c, "c2", "1", Map.of())); // stale: c is at version 2

        ETagMismatchException e = assertThrows(ETagMismatchException.class, () -> await(store.multi(ops, Map.of())));
        assertTrue(e.getMessage().contains(c), e.getMessage());

        assertEquals("a0", new String(get(a).data(), StandardCharsets.UTF_8));
        assertEquals("1", get(a).etag());
        assertEquals("b0", new String(get(b).data(), StandardCharsets.UTF_8));
        long bTtlAfter = redis.raw(Command.PTTL, b).toLong();
        assertTrue(bTtlAfter > 0 && bTtlAfter <= bTtl, "b keeps its TTL: " + bTtlAfter);
        assertEquals("c1", new String(get(c).data(), StandardCharsets.UTF_8));
        assertEquals("2", get(c).etag());
        assertFalse(get(d).found());
    }

    @Test
    void aStaleDeleteAlsoAbortsTheWholeTransaction() {
        String a = redis.key("a"), b = redis.key("b");
        await(store.set(SetRequest.of(b, b("b0"))));
        await(store.set(SetRequest.of(b, b("b1"))));

        assertThrows(ETagMismatchException.class, () -> await(store.multi(List.of(set(a, "a", null, Map.of()),
                new DeleteRequest(b, "1", Map.of(), StateOptions.DEFAULT)), Map.of())));
        assertFalse(get(a).found());
        assertEquals("b1", new String(get(b).data(), StandardCharsets.UTF_8));
    }

    @Test
    void laterOperationsSeeTheVersionsEarlierOnesWrite() {
        String a = redis.key("a");
        await(store.set(SetRequest.of(a, b("v1"))));

        await(store.multi(List.of(set(a, "v2", "1", Map.of()), set(a, "v3", "2", Map.of()),
                new DeleteRequest(a, "3", Map.of(), StateOptions.DEFAULT), set(a, "again", null, Map.of())),
                Map.of()));

        assertEquals("again", new String(get(a).data(), StandardCharsets.UTF_8));
        assertEquals("1", get(a).etag());

        // the ETag it had before the transaction started no longer holds inside it
        assertThrows(ETagMismatchException.class, () -> await(store.multi(List.of(set(a, "x", "1", Map.of()),
                set(a, "y", "1", Map.of())), Map.of())));
        assertEquals("again", new String(get(a).data(), StandardCharsets.UTF_8));
    }

    @Test
    void aMalformedETagFailsTheTransactionBeforeAnythingIsSent() {
        String a = redis.key("a"), b = redis.key("b");
        await(store.set(SetRequest.of(b, b("b0"))));
        assertThrows(ETagInvalidException.class, () -> await(store.multi(List.of(set(a, "a", null, Map.of()),
                set(b, "b1", "x1", Map.of())), Map.of())));
        assertFalse(get(a).found());
    }

    @Test
    void aLargeTransactionIsOneScript() {
        List<StateOperation> ops = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ops.add(set(redis.key("many-" + i), "v" + i, null, Map.of()));
        }
        await(store.multi(ops, Map.of()));
        assertEquals("v499", new String(get(redis.key("many-499")).data(), StandardCharsets.UTF_8));
        await(store.multi(List.of(), Map.of()));
    }
}
