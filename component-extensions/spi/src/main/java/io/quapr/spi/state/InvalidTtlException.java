package io.quapr.spi.state;

/** The {@code ttlInSeconds} metadata is not a whole number. */
public class InvalidTtlException extends IllegalArgumentException {

    public InvalidTtlException(String value) {
        super("incorrect value for metadata 'ttlInSeconds': '" + value + "' is not an integer");
    }
}
