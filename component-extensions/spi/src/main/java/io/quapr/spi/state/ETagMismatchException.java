package io.quapr.spi.state;

/**
 * The stored version does not carry the ETag the write expected (or, for first-write with no
 * ETag, the key already exists). daprd answers 409 / {@code ABORTED}.
 */
public class ETagMismatchException extends RuntimeException {

    public ETagMismatchException(String key) {
        super("possible etag mismatch for key '" + key + "'");
    }
}
