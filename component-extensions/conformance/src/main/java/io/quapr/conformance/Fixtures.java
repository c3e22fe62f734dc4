package io.quapr.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.MetadataSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The connection details the suites use, one file per Dapr type in the folder named by the
 * system property {@code quapr.conformance.fixtures}:
 * <ul>
 * <li>{@code <dapr type>.yaml}: a Dapr {@code Component} resource; its {@code spec.metadata}
 * name/value pairs are bound against the component's {@code metadata.yaml}. No file means empty
 * metadata (fine for stores with no required field).</li>
 * <li>Its {@code metadata.annotations} may hold hints for the suites, keys starting with
 * {@code conformance.quapr.io/} (see {@link PubSubHints}); a Dapr sidecar ignores them, so the
 * file stays a valid resource.</li>
 * <li>{@code <dapr type>.expected.yaml} (secret stores only): secret name to its key/value map,
 * the exact answer the store must give.</li>
 * </ul>
 */
public final class Fixtures {

    /**
     * Keys the sidecar reads itself on every component of a block (state stores' key prefix and
     * actor flag, pub/sub scopes and topic lists, bindings' direction and route); not the
     * component's business.
     */
    public static final Set<String> RUNTIME_KEYS = Set.of("keyprefix", "actorstatestore", "publishingscopes",
            "subscriptionscopes", "allowedtopics", "protectedtopics", "direction", "route");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path folder;

    /** Fixtures read from {@code folder}, which may be {@code null} or absent (no fixtures). */
    public Fixtures(Path folder) {
        this.folder = folder;
    }

    /** The fixtures named by the system property {@code quapr.conformance.fixtures}. */
    public static Fixtures fromSystemProperty() {
        String dir = System.getProperty("quapr.conformance.fixtures");
        return new Fixtures(dir == null || dir.isBlank() ? null : Path.of(dir));
    }

    /**
     * A component resource's name, raw metadata and annotations.
     *
     * @param name the resource's {@code metadata.name}
     * @param metadata {@code spec.metadata} as name to value, in file order
     * @param annotations {@code metadata.annotations}, where the suites' hints live
     */
    public record Resource(String name, Map<String, String> metadata, Map<String, String> annotations) {

        /** A resource without annotations. */
        public Resource(String name, Map<String, String> metadata) {
            this(name, metadata, Map.of());
        }
    }

    /**
     * Reads {@code <daprType>.yaml}, or an empty resource named {@code conformance} when there
     * is none.
     *
     * @throws IllegalStateException when the file names another type or is malformed
     */
    public Resource resource(String daprType) {
        Optional<JsonNode> file = read(daprType + ".yaml");
        if (file.isEmpty()) {
            return new Resource("conformance", Map.of());
        }
        JsonNode root = file.get();
        String specType = root.path("spec").path("type").asText("");
        if (!specType.isEmpty() && !specType.equals(daprType)) {
            throw new IllegalStateException("fixture " + daprType + ".yaml has spec.type '" + specType + "'");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (JsonNode item : root.path("spec").path("metadata")) {
            String name = item.path("name").asText("");
            if (name.isEmpty()) {
                throw new IllegalStateException("fixture " + daprType + ".yaml has a metadata item without a name");
            }
            JsonNode value = item.get("value");
            metadata.put(name, value == null || value.isNull() ? "" : value.asText());
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> a : root.path("metadata").path("annotations").properties()) {
            annotations.put(a.getKey(), a.getValue().asText());
        }
        return new Resource(root.path("metadata").path("name").asText("conformance"), metadata, annotations);
    }

    /**
     * Binds the fixture of {@code componentClass}'s type against its {@code metadata.yaml}.
     *
     * @throws IllegalStateException when the fixture uses a key that {@code metadata.yaml} does
     *         not declare: every field a component reads must be documented there
     */
    public ComponentMetadata bind(Class<?> componentClass) {
        String daprType = componentClass.getAnnotation(ComponentType.class).value();
        Resource resource = resource(daprType);
        ComponentMetadata.Bound bound = ComponentMetadata.bind(resource.name(), resource.metadata(),
                MetadataSchema.of(componentClass), RUNTIME_KEYS);
        if (!bound.warnings().isEmpty()) {
            throw new IllegalStateException("fixture " + daprType + ".yaml: " + String.join("; ", bound.warnings()));
        }
        return bound.metadata();
    }

    /**
     * The secrets a secret store must answer, from {@code <daprType>.expected.yaml}: secret name
     * to key/value pairs; empty when there is no such file.
     */
    public Optional<Map<String, Map<String, String>>> expectedSecrets(String daprType) {
        return read(daprType + ".expected.yaml").map(root -> {
            Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> secret : root.properties()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> kv : secret.getValue().properties()) {
                    values.put(kv.getKey(), kv.getValue().asText());
                }
                secrets.put(secret.getKey(), values);
            }
            return secrets;
        });
    }

    private Optional<JsonNode> read(String fileName) {
        if (folder == null) {
            return Optional.empty();
        }
        Path file = folder.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = YAML.readTree(file.toFile());
            return Optional.ofNullable(root == null || root.isMissingNode() ? null : root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file, e);
        }
    }
}
