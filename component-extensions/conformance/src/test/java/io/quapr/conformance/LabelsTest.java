package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class LabelsTest {

    private static DynamicTest only(DynamicContainer labelled) {
        DynamicContainer inner = (DynamicContainer) labelled.getChildren().findFirst().orElseThrow();
        return (DynamicTest) inner.getChildren().findFirst().orElseThrow();
    }

    @Test
    void failuresNameTheirPath() {
        DynamicContainer tree = dynamicContainer("state.x (X)", Stream.of(dynamicContainer("etag",
                Stream.of(dynamicTest("stale", () -> Assertions.assertEquals(1, 2, "value"))))));
        DynamicTest test = only((DynamicContainer) Labels.apply(tree));
        assertEquals("stale", test.getDisplayName());
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> test.getExecutable().execute());
        assertTrue(e.getMessage().startsWith("state.x (X) › etag › stale: value"), e.getMessage());
        assertEquals(1, e.getExpected().getValue());
    }

    @Test
    void otherExceptionsAreNamedToo() {
        DynamicContainer tree = dynamicContainer("c", Stream.of(dynamicContainer("g",
                Stream.of(dynamicTest("t", () -> {
                    throw new IllegalStateException("boom");
                })))));
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> only((DynamicContainer) Labels.apply(tree)).getExecutable().execute());
        assertTrue(e.getMessage().contains("c › g › t: java.lang.IllegalStateException: boom"), e.getMessage());
    }

    @Test
    void abortsStayAborts() {
        DynamicContainer tree = dynamicContainer("c", Stream.of(dynamicContainer("g",
                Stream.of(dynamicTest("t", () -> {
                    throw new TestAbortedException("skip");
                })))));
        assertThrows(TestAbortedException.class,
                () -> only((DynamicContainer) Labels.apply(tree)).getExecutable().execute());
    }
}
