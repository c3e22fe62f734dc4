package io.quapr.conformance;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Puts the path of a dynamic test ({@code state.redis (RedisStateStore) › etag › ...}) in front
 * of its failure message. Build tools name dynamic tests by index ({@code [1][4][3]}), so without
 * this a failure would not say which component and case failed.
 */
final class Labels {

    private static final String SEPARATOR = " › ";

    private Labels() {
    }

    /** The same tree, with every test's failures prefixed by its path from {@code node}. */
    static DynamicNode apply(DynamicNode node) {
        return apply(node, "");
    }

    private static DynamicNode apply(DynamicNode node, String parent) {
        String path = parent.isEmpty() ? node.getDisplayName() : parent + SEPARATOR + node.getDisplayName();
        if (node instanceof DynamicContainer container) {
            return dynamicContainer(node.getDisplayName(), container.getChildren().map(child -> apply(child, path)));
        }
        DynamicTest test = (DynamicTest) node;
        return dynamicTest(test.getDisplayName(), () -> {
            try {
                test.getExecutable().execute();
            } catch (TestAbortedException e) {
                throw e;
            } catch (AssertionFailedError e) {
                String message = path + ": " + e.getMessage();
                throw e.isExpectedDefined() || e.isActualDefined()
                        ? new AssertionFailedError(message, e.getExpected(), e.getActual(), e)
                        : new AssertionFailedError(message, e);
            } catch (AssertionError e) {
                throw new AssertionFailedError(path + ": " + e.getMessage(), e);
            } catch (Throwable e) {
                throw new AssertionFailedError(path + ": " + e, e);
            }
        });
    }
}
