package io.quapr.spi;

/**
 * How components name the cause of a failure in their messages: a client library's exception may
 * carry no message at all (a timeout, a closed connection), and "error connecting: null" tells the
 * user nothing.
 */
public final class Causes {

    private Causes() {
    }

    /**
     * The first message along the cause chain; the innermost exception's class name (with what it
     * says, if anything) when none has one. Never null.
     */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getMessage() == null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
