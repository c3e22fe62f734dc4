package io.quapr.sidecar.pubsub;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CEL routing expressions over the event, as daprd evaluates them. */
class RouteMatchTest {

    private static Map<String, Object> event(String json) {
        ObjectNode node = CloudEvents.parseObject(json.getBytes(StandardCharsets.UTF_8));
        return TopicDelivery.toValues(node);
    }

    @Test
    void comparesStringsNumbersAndNestedFields() {
        Map<String, Object> e = event("{\"type\":\"t\",\"data\":{\"n\":5,\"f\":2.5,\"tags\":[\"a\",\"b\"]}}");

        assertTrue(RouteMatch.compile("event.type == 't' && event.data.n > 3").matches(e));
        assertTrue(RouteMatch.compile("event.data.f < 3 && event.data.n == 5.0").matches(e));
        assertTrue(RouteMatch.compile("'b' in event.data.tags && has(event.data.n)").matches(e));
        assertFalse(RouteMatch.compile("has(event.data.missing)").matches(e));
    }

    @Test
    void syntaxErrorsAreRefusedAtCompileTime() {
        assertThrows(IllegalArgumentException.class, () -> RouteMatch.compile("event.type ==="));
    }

    @Test
    void unknownIdentifiersCompileButFailWhenEvaluated() {
        RouteMatch m = RouteMatch.compile("other.field == 1");

        assertThrows(IllegalStateException.class, () -> m.matches(event("{}")));
    }

    @Test
    void nonBooleanResultIsAnError() {
        assertThrows(IllegalStateException.class, () -> RouteMatch.compile("event.type").matches(event(
                "{\"type\":\"x\"}")));
    }
}
