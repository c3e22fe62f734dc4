package io.quapr.components.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Reads the conformance kit's fixtures of this module, for the listeners that ready their servers. */
public final class ConformanceFixtures {

    private ConformanceFixtures() {
    }

    /** The {@code spec.metadata} of the fixture file {@code name} as name to value. */
    public static Map<String, String> metadata(String name) {
        String folder = System.getProperty("quapr.conformance.fixtures", "src/test/resources/conformance");
        Path file = Path.of(folder, name);
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
            Map<String, String> metadata = new HashMap<>();
            for (JsonNode item : root.path("spec").path("metadata")) {
                metadata.put(item.path("name").asText(), item.path("value").asText());
            }
            return metadata;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the conformance fixture " + file, e);
        }
    }
}
