package io.quapr.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The state stores the same tests run against. Each is one folder under
 * {@code src/test/resources/stores/} holding one Component named {@code statestore}; what differs
 * between them is that YAML, plus what the test server behind it can do.
 */
enum TestStore {

    IN_MEMORY("in-memory"),
    SQLITE("sqlite") {
        @Override
        void prepare() {
            // a fresh file each run: the store must create its schema, as on a first start
            E2e.deleteTree(E2e.moduleDir().resolve(metadata().get("connectionString")).getParent());
        }
    },
    REDIS("redis"),
    POSTGRESQL("postgresql") {
        @Override
        boolean queryable() {
            return true;
        }
    },
    AWS_DYNAMODB("aws-dynamodb") {
        @Override
        void prepare() {
            Map<String, String> m = metadata();
            DynamoDbTables.ensureTable(m.get("endpoint"), m.get("region"), m.get("table"),
                    m.getOrDefault("partitionKey", "key"));
        }
    };

    /** What every store name in these tests is ({@code metadata.name} in each YAML). */
    static final String NAME = "statestore";

    private final String folder;

    TestStore(String folder) {
        this.folder = folder;
    }

    /** The resources folder given to the sidecar as {@code --resources-path}. */
    Path resources() {
        return E2e.resources("stores/" + folder);
    }

    /** The Component's {@code spec.type}, read from its YAML. */
    String type() {
        return yaml().path("spec").path("type").asText();
    }

    /** The Component's {@code spec.metadata} as name to value. */
    Map<String, String> metadata() {
        Map<String, String> m = new HashMap<>();
        for (JsonNode item : yaml().path("spec").path("metadata")) {
            m.put(item.path("name").asText(), item.path("value").asText());
        }
        return m;
    }

    /** Whether the store answers the state query API (and should report {@code QUERY_API}). */
    boolean queryable() {
        return false;
    }

    /** Whatever the backend needs before the sidecar starts (a table, a clean file). */
    void prepare() {
    }

    /** The folder name, used in test names, logs and app ids. */
    String id() {
        return folder;
    }

    private JsonNode yaml() {
        Path file = resources().resolve("statestore.yaml");
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
