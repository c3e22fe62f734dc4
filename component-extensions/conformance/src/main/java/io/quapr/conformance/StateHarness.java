package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateOptions;
import io.quapr.spi.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the state cases share: the store, the run's clock, fresh keys and short-hand calls.
 * Every case works on keys under a new random prefix, so runs against a persistent backend never
 * see each other's data.
 */
final class StateHarness {

    /** How long to wait, in real time, for a store with server-side expiry to drop a key. */
    static final Duration EXPIRY_WAIT = Duration.ofSeconds(4);

    private final StateStore store;
    private final MutableClock clock;
    private final Set<StateFeature> features;

    StateHarness(StateStore store, MutableClock clock) {
        this.store = store;
        this.clock = clock;
        this.features = Set.copyOf(store.features());
    }

    StateStore store() {
        return store;
    }

    MutableClock clock() {
        return clock;
    }

    boolean has(StateFeature feature) {
        return features.contains(feature);
    }

    /** A new prefix in the shape the sidecar uses, {@code conf-<uuid>||}. */
    static String newPrefix() {
        return "conf-" + UUID.randomUUID() + "||";
    }

    /** A key under a new prefix. */
    static String newKey(String name) {
        return newPrefix() + name;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static SetRequest setRequest(String key, byte[] value, String etag, Map<String, String> metadata,
            Concurrency concurrency) {
        return new SetRequest(key, value, etag, metadata, new StateOptions(concurrency, Consistency.UNSPECIFIED));
    }

    static SetRequest setWithEtag(String key, byte[] value, String etag) {
        return setRequest(key, value, etag, Map.of(), Concurrency.UNSPECIFIED);
    }

    static DeleteRequest deleteWithEtag(String key, String etag) {
        return new DeleteRequest(key, etag, Map.of(), StateOptions.DEFAULT);
    }

    GetResponse get(String key) {
        GetResponse r = Ops.await(store.get(GetRequest.of(key)));
        assertNotNull(r, "get(" + key + ") answered null instead of GetResponse.MISSING");
        return r;
    }

    void set(String key, byte[] value) {
        Ops.await(store.set(SetRequest.of(key, value)));
    }

    void set(SetRequest request) {
        Ops.await(store.set(request));
    }

    void delete(String key) {
        Ops.await(store.delete(DeleteRequest.of(key)));
    }

    void delete(DeleteRequest request) {
        Ops.await(store.delete(request));
    }

    /** Writes {@code value} and returns the ETag a read then reports. */
    String setAndGetEtag(String key, byte[] value) {
        set(key, value);
        return etag(key);
    }

    /** The key's current ETag, asserted non-blank. */
    String etag(String key) {
        String etag = get(key).etag();
        assertNotNull(etag, "a store with ETAG returned no etag for " + key);
        assertFalse(etag.isBlank(), "a store with ETAG returned a blank etag for " + key);
        return etag;
    }

    void assertValue(String key, byte[] expected) {
        GetResponse r = get(key);
        assertTrue(r.found(), "expected " + key + " to exist");
        assertArrayEquals(expected, r.data(), "value of " + key);
    }

    void assertMissing(String key) {
        GetResponse r = get(key);
        if (r.found()) {
            fail("expected " + key + " to be absent, but it holds " + r.data().length + " bytes");
        }
    }

    /**
     * Polls until the key is gone, for up to {@link #EXPIRY_WAIT} of real time: stores that
     * expire keys on their server do it on the server's clock, not on the kit's.
     */
    void awaitExpired(String key) throws InterruptedException {
        long deadline = System.nanoTime() + EXPIRY_WAIT.toNanos();
        while (get(key).found()) {
            if (System.nanoTime() > deadline) {
                fail(key + " still exists " + EXPIRY_WAIT.toSeconds() + " s after its TTL passed");
            }
            Thread.sleep(100);
        }
    }
}
