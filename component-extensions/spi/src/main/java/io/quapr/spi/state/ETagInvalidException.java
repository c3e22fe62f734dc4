package io.quapr.spi.state;

/**
 * The ETag given is not one this store could have issued (wrong format). daprd answers 400 /
 * {@code INVALID_ARGUMENT}.
 */
public class ETagInvalidException extends RuntimeException {

    public ETagInvalidException(String etag) {
        super("invalid etag value: '" + etag + "'");
    }
}
