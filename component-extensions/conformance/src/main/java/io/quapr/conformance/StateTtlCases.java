package io.quapr.conformance;

import static io.quapr.conformance.StateHarness.newKey;
import static io.quapr.conformance.StateHarness.setRequest;
import static io.quapr.conformance.StateHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.InvalidTtlException;
import io.quapr.spi.state.SetRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;

/**
 * {@code ttlInSeconds} for stores that claim {@code TTL}. The kit moves the clock it lent the
 * store; for stores whose server expires keys on its own clock, the cases then wait (in real
 * time, a few seconds at most) for the key to go.
 */
final class StateTtlCases {

    /** How far {@code ttlExpireTime} may be from the expected instant (rounding, clock skew). */
    private static final Duration SLACK = Duration.ofSeconds(3);

    private StateTtlCases() {
    }

    static DynamicContainer cases(StateHarness h) {
        return dynamicContainer("ttl", Stream.of(
                dynamicTest("ttlInSeconds=1: get reports ttlExpireTime about 1 s ahead", () -> {
                    String key = newKey("ttl-expire-time");
                    Instant clockBefore = h.clock().instant();
                    Instant realBefore = Instant.now();
                    h.set(withTtl(key, "1"));
                    GetResponse r = h.get(key);
                    assertTrue(r.found(), "a key with a 1 s TTL is gone at once");
                    Instant expires = expireTime(r);
                    assertNotNull(expires, "no ttlExpireTime in the response metadata " + r.metadata());
                    boolean nearClock = near(expires, clockBefore.plusSeconds(1));
                    boolean nearReal = near(expires, realBefore.plusSeconds(1));
                    assertTrue(nearClock || nearReal, "ttlExpireTime " + expires + " is not about 1 s after "
                            + clockBefore + " (store clock) nor " + realBefore + " (real time)");
                }),
                dynamicTest("ttlInSeconds=1: the key is gone once the clock passes it", () -> {
                    String key = newKey("ttl-expired");
                    h.set(withTtl(key, "1"));
                    h.clock().advance(Duration.ofSeconds(2));
                    h.awaitExpired(key);
                }),
                dynamicTest("ttlInSeconds=-1: the key never expires and reports no ttlExpireTime", () -> {
                    String key = newKey("ttl-never");
                    h.set(withTtl(key, "-1"));
                    h.clock().advance(Duration.ofSeconds(2));
                    GetResponse r = h.get(key);
                    assertTrue(r.found(), "a key with ttlInSeconds=-1 expired");
                    assertFalse(r.metadata().containsKey(GetResponse.TTL_EXPIRE_TIME),
                            "ttlInSeconds=-1 reported an expiry: " + r.metadata());
                }),
                dynamicTest("a key written without ttl reports no ttlExpireTime", () -> {
                    String key = newKey("no-ttl");
                    h.set(key, utf8("1"));
                    assertFalse(h.get(key).metadata().containsKey(GetResponse.TTL_EXPIRE_TIME));
                }),
                dynamicTest("overwriting without ttl removes the earlier expiry", () -> {
                    String key = newKey("ttl-overwritten");
                    h.set(withTtl(key, "1"));
                    h.set(key, utf8("2"));
                    GetResponse r = h.get(key);
                    assertFalse(r.metadata().containsKey(GetResponse.TTL_EXPIRE_TIME),
                            "the overwrite kept the expiry: " + r.metadata());
                    h.clock().advance(Duration.ofSeconds(2));
                    // a server-side expiry would strike 1 s after the first write, in real time
                    Thread.sleep(1200);
                    h.assertValue(key, utf8("2"));
                }),
                dynamicTest("a non-numeric ttlInSeconds is refused", () -> {
                    String key = newKey("ttl-bad");
                    Ops.failsWith(h.store().set(withTtl(key, "soon")), "ttlInSeconds=soon",
                            InvalidTtlException.class, IllegalArgumentException.class);
                    h.assertMissing(key);
                })));
    }

    private static SetRequest withTtl(String key, String ttl) {
        return setRequest(key, utf8("\"expiring\""), null, Map.of(SetRequest.TTL_IN_SECONDS, ttl),
                Concurrency.UNSPECIFIED);
    }

    private static Instant expireTime(GetResponse r) {
        String text = r.metadata().get(GetResponse.TTL_EXPIRE_TIME);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return fail("ttlExpireTime '" + text + "' is not RFC 3339", e);
        }
    }

    private static boolean near(Instant actual, Instant expected) {
        return !actual.isBefore(expected.minus(SLACK)) && !actual.isAfter(expected.plus(SLACK));
    }
}
