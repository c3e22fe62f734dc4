package io.quapr.sidecar.cli;

/** A command line that cannot be used; the message says which flag and why. */
public class FlagException extends RuntimeException {

    public FlagException(String message) {
        super(message);
    }
}
