package io.quapr.spi;

/**
 * A component's metadata is unusable: a required key is missing, or a value does not parse as
 * its declared type. The message names the key, so the sidecar can report file, component and
 * field in one line.
 */
public class MetadataException extends RuntimeException {

    public MetadataException(String message) {
        super(message);
    }

    public MetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
