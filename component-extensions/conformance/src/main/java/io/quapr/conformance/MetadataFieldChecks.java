package io.quapr.conformance;

import io.quapr.spi.ByteSize;
import io.quapr.spi.GoDuration;
import io.quapr.spi.MetadataField;
import io.quapr.spi.MetadataSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.opentest4j.AssertionFailedError;

/**
 * Checks a {@code metadata.yaml}'s fields the way Dapr's component-metadata schema constrains
 * them: a known type, and a default that parses as that type (the sidecar applies defaults
 * without asking).
 */
public final class MetadataFieldChecks {

    /** The field types Dapr's component-metadata schema allows. */
    public static final Set<String> TYPES = Set.of("string", "number", "bool", "duration", "bytesize");

    private MetadataFieldChecks() {
    }

    /**
     * Throws one {@link AssertionFailedError} listing every problem found.
     *
     * @param schema the parsed {@code metadata.yaml}
     */
    public static void check(MetadataSchema schema) {
        List<String> problems = new ArrayList<>();
        for (MetadataField f : schema.fields()) {
            if (f.name() == null || f.name().isBlank()) {
                problems.add("a field has no name");
                continue;
            }
            if (!TYPES.contains(f.type())) {
                problems.add(f.name() + ": type '" + f.type() + "' is not one of " + TYPES);
            } else if (f.defaultValue() != null && !parses(f.type(), f.defaultValue())) {
                problems.add(f.name() + ": default '" + f.defaultValue() + "' is not a " + f.type());
            }
            if (f.required() && f.defaultValue() != null) {
                problems.add(f.name() + ": a required field has a default, which can never apply");
            }
            if (f.description().isEmpty()) {
                problems.add(f.name() + ": no description");
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionFailedError(schema.daprType() + " metadata.yaml: " + String.join("; ", problems));
        }
    }

    /** Whether {@code value} is a valid {@code type} value as the SPI's getters parse it. */
    static boolean parses(String type, String value) {
        try {
            switch (type) {
                case "number" -> Double.parseDouble(value.trim());
                case "bool" -> {
                    return Set.of("true", "false", "y", "yes", "n", "no", "t", "f", "on", "off", "1", "0")
                            .contains(value.trim().toLowerCase(Locale.ROOT));
                }
                case "duration" -> GoDuration.parse(value);
                case "bytesize" -> ByteSize.parse(value);
                default -> {
                    // a string is anything
                }
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
