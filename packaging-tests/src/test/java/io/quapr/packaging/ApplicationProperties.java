package io.quapr.packaging;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Properties;

/**
 * sidecar-app's {@code application.properties}, where the ports and the image the bundle must agree
 * with are configured.
 */
public final class ApplicationProperties {

    private static final Properties PROPERTIES = load();

    private ApplicationProperties() {
    }

    /** A key's value as written (no expansion); fails the test when the key is not there. */
    public static String get(String key) {
        String value = PROPERTIES.getProperty(key);
        if (value == null) {
            throw new AssertionError(key + " is not set in " + BuildOutput.applicationProperties());
        }
        return value;
    }

    /** A key's value as a port number. */
    public static int port(String key) {
        return Integer.parseInt(get(key));
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(BuildOutput.applicationProperties(), StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
