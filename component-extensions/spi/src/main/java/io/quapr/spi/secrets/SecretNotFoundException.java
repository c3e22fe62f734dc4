package io.quapr.spi.secrets;

/** The store has no secret with this name. */
public class SecretNotFoundException extends RuntimeException {

    public SecretNotFoundException(String name) {
        super("secret '" + name + "' not found");
    }
}
