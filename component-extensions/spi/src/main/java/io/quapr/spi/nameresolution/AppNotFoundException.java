package io.quapr.spi.nameresolution;

/** No sidecar of the app asked for is known to the resolver. */
public class AppNotFoundException extends RuntimeException {

    /**
     * @param message what was asked and where it was looked for
     */
    public AppNotFoundException(String message) {
        super(message);
    }
}
