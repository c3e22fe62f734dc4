package io.quapr.conformance;

import static io.quapr.conformance.StateHarness.newKey;
import static io.quapr.conformance.StateHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.state.GetResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;

/** Get, set and delete of single keys: every state store has them. Values are opaque bytes. */
final class StateCrudCases {

    /** Bytes that are not UTF-8 (a lone continuation byte, an overlong lead) and hold NULs. */
    static final byte[] BINARY = { 0x00, 0x01, (byte) 0xff, (byte) 0xfe, (byte) 0x80, (byte) 0xc3, 0x28, 0x00, 0x7f };

    private StateCrudCases() {
    }

    static DynamicContainer cases(StateHarness h) {
        return dynamicContainer("crud", Stream.of(
                dynamicTest("a JSON string value round-trips exactly", () -> roundTrip(h, utf8("\"hello\""))),
                dynamicTest("a JSON object value round-trips exactly",
                        () -> roundTrip(h, utf8("{\"name\":\"Ada\",\"n\":42,\"tags\":[\"a\",\"ü\"]}"))),
                dynamicTest("binary bytes (NUL, invalid UTF-8) round-trip exactly", () -> roundTrip(h, BINARY)),
                dynamicTest("an empty value is stored and read back as present and empty",
                        () -> roundTrip(h, new byte[0])),
                dynamicTest("a key with spaces, unicode and SQL wildcards round-trips", () -> {
                    String key = newKey("sp ace/ünï%_*?[x]'\"");
                    h.set(key, utf8("\"odd key\""));
                    h.assertValue(key, utf8("\"odd key\""));
                }),
                dynamicTest("overwriting replaces the value", () -> {
                    String key = newKey("overwrite");
                    h.set(key, utf8("\"first\""));
                    h.set(key, utf8("\"second\""));
                    h.assertValue(key, utf8("\"second\""));
                }),
                dynamicTest("get of a missing key answers not found", () -> {
                    GetResponse r = h.get(newKey("missing"));
                    assertFalse(r.found(), "a key never written was found");
                    assertNull(r.data());
                }),
                dynamicTest("delete removes the key", () -> {
                    String key = newKey("delete");
                    h.set(key, utf8("\"x\""));
                    h.delete(key);
                    h.assertMissing(key);
                }),
                dynamicTest("delete of a missing key succeeds", () -> h.delete(newKey("never-written"))),
                dynamicTest("keys are independent of each other", () -> {
                    String prefix = StateHarness.newPrefix();
                    h.set(prefix + "a", utf8("\"A\""));
                    h.set(prefix + "b", utf8("\"B\""));
                    h.delete(prefix + "a");
                    h.assertMissing(prefix + "a");
                    h.assertValue(prefix + "b", utf8("\"B\""));
                })));
    }

    private static void roundTrip(StateHarness h, byte[] value) {
        String key = newKey("value");
        h.set(key, value);
        GetResponse r = h.get(key);
        assertTrue(r.found(), "written key not found");
        assertArrayEquals(value, r.data(), "stored bytes differ");
    }
}
