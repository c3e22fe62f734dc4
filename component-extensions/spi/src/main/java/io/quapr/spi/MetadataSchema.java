package io.quapr.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A component's {@code metadata.yaml}, in Dapr's component-metadata format: type, name, version,
 * status, capabilities and every metadata field. It is read from the component class's own
 * package, so a component is its class plus this file and nothing else.
 */
public final class MetadataSchema {

    /** The resource name of the file, beside the component class. */
    public static final String FILE_NAME = "metadata.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String type;
    private final String name;
    private final String version;
    private final String status;
    private final List<String> capabilities;
    private final Map<String, MetadataField> fields;

    private MetadataSchema(String type, String name, String version, String status, List<String> capabilities,
            Map<String, MetadataField> fields) {
        this.type = type;
        this.name = name;
        this.version = version;
        this.status = status;
        this.capabilities = capabilities;
        this.fields = fields;
    }

    /**
     * Reads the {@code metadata.yaml} beside a component class.
     *
     * @throws IllegalStateException if the file is missing or malformed: a component without
     *         its description is a packaging error
     */
    public static MetadataSchema of(Class<?> componentClass) {
        try (InputStream in = componentClass.getResourceAsStream(FILE_NAME)) {
            if (in == null) {
                throw new IllegalStateException(componentClass.getName() + " has no " + FILE_NAME + " in its package");
            }
            return parse(YAML.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE_NAME + " of " + componentClass.getName(), e);
        }
    }

    static MetadataSchema parse(JsonNode root) {
        Map<String, MetadataField> fields = new LinkedHashMap<>();
        addFields(root.path("metadata"), fields);
        for (JsonNode profile : root.path("authenticationProfiles")) {
            addFields(profile.path("metadata"), fields);
        }
        List<String> capabilities = new ArrayList<>();
        root.path("capabilities").forEach(c -> capabilities.add(c.asText()));
        return new MetadataSchema(root.path("type").asText(), root.path("name").asText(),
                root.path("version").asText("v1"), root.path("status").asText(""),
                Collections.unmodifiableList(capabilities), Collections.unmodifiableMap(fields));
    }

    private static void addFields(JsonNode list, Map<String, MetadataField> into) {
        for (JsonNode f : list) {
            String fieldName = f.path("name").asText();
            JsonNode def = f.get("default");
            into.putIfAbsent(fieldName.toLowerCase(Locale.ROOT), new MetadataField(fieldName,
                    f.path("type").asText("string"), f.path("required").asBoolean(false),
                    f.path("sensitive").asBoolean(false), def == null || def.isNull() ? null : def.asText(),
                    f.path("description").asText("").trim()));
        }
    }

    /** The block, as the file's {@code type} says: {@code state}, {@code secretstores}, ... */
    public String type() {
        return type;
    }

    /** The name within the block: {@code redis}, {@code local.file}, ... */
    public String name() {
        return name;
    }

    /** The Dapr type name this file describes: {@code type + "." + name}. */
    public String daprType() {
        return type + "." + name;
    }

    /** The component version, {@code v1} unless the file says otherwise. */
    public String version() {
        return version;
    }

    /** {@code stable}, {@code beta}, {@code alpha}; empty when not declared. */
    public String status() {
        return status;
    }

    /** The capabilities exactly as the file lists them ({@code ETag}, {@code transactional}, ...). */
    public List<String> capabilities() {
        return capabilities;
    }

    /** Every declared field, in file order. */
    public List<MetadataField> fields() {
        return List.copyOf(fields.values());
    }

    /** The field with this name, case-insensitively, or {@code null}. */
    public MetadataField field(String fieldName) {
        return fields.get(fieldName.toLowerCase(Locale.ROOT));
    }

    /** The lower-cased names of all declared fields. */
    public Set<String> lowerCaseNames() {
        return new LinkedHashSet<>(fields.keySet());
    }
}
