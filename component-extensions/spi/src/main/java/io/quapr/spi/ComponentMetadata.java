package io.quapr.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A component resource's {@code spec.metadata}, bound against the component's
 * {@link MetadataSchema}: keys are case-insensitive as in Dapr, defaults from
 * {@code metadata.yaml} fill keys the resource leaves out, and the typed getters parse values
 * the way Dapr does (truthy booleans, Go durations, Kubernetes byte sizes).
 *
 * <p>
 * Secret references and templates are resolved before binding: every value here is final.
 */
public final class ComponentMetadata {

    private final String componentName;
    private final Map<String, String> values;
    private final MetadataSchema schema;

    private ComponentMetadata(String componentName, Map<String, String> values, MetadataSchema schema) {
        this.componentName = componentName;
        this.values = values;
        this.schema = schema;
    }

    /**
     * Binds raw values against a schema.
     *
     * @param componentName the resource's {@code metadata.name}
     * @param raw the resolved {@code spec.metadata} values
     * @param schema the component's {@code metadata.yaml}
     * @param runtimeKeys lower-case keys the sidecar itself reads on every component of the
     *        block ({@code keyprefix}, {@code actorstatestore}): not unknown, not the
     *        component's business
     * @return the bound metadata and the warnings for unknown keys
     * @throws MetadataException naming the first required key that is missing
     */
    public static Bound bind(String componentName, Map<String, String> raw, MetadataSchema schema,
            Set<String> runtimeKeys) {
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<String> warnings = new ArrayList<>();
        raw.forEach((k, v) -> {
            values.put(k, v);
            if (schema.field(k) == null && !runtimeKeys.contains(k.toLowerCase(Locale.ROOT))) {
                warnings.add("unknown metadata key '" + k + "' (not in " + schema.daprType() + "'s metadata.yaml)");
            }
        });
        for (MetadataField field : schema.fields()) {
            String v = values.get(field.name());
            if ((v == null || v.isEmpty()) && field.required()) {
                throw new MetadataException("missing required metadata key '" + field.name() + "'");
            }
            if (v == null && field.defaultValue() != null) {
                values.put(field.name(), field.defaultValue());
            }
        }
        return new Bound(new ComponentMetadata(componentName, Collections.unmodifiableMap(values), schema),
                List.copyOf(warnings));
    }

    /** The result of {@link #bind}: the metadata, and one warning per unknown key. */
    public record Bound(ComponentMetadata metadata, List<String> warnings) {
    }

    /** The resource's {@code metadata.name}. */
    public String componentName() {
        return componentName;
    }

    /** The schema the values were bound against. */
    public MetadataSchema schema() {
        return schema;
    }

    /** Every value, defaults included, as a case-insensitive read-only map. */
    public Map<String, String> asMap() {
        return values;
    }

    /** The value or the declared default; empty when neither is set or the value is blank. */
    public Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** The value or declared default, else {@code fallback}. */
    public String string(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    /** The value or declared default, else a {@link MetadataException} naming the key. */
    public String required(String key) {
        return get(key).orElseThrow(() -> new MetadataException("missing required metadata key '" + key + "'"));
    }

    /** Dapr's truthiness: {@code y, yes, true, t, on, 1} (any case) are true, anything else false. */
    public boolean bool(String key, boolean fallback) {
        return get(key).map(ComponentMetadata::isTruthy).orElse(fallback);
    }

    /** An integer; a value that does not parse is a {@link MetadataException} naming the key. */
    public int integer(String key, int fallback) {
        return (int) longValue(key, fallback);
    }

    /** A long; a value that does not parse is a {@link MetadataException} naming the key. */
    public long longValue(String key, long fallback) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.get());
        } catch (NumberFormatException e) {
            throw new MetadataException("metadata key '" + key + "' is not a number: '" + v.get() + "'");
        }
    }

    /**
     * A duration as Dapr reads it: a Go duration ({@code 1m30s}, {@code 500ms}) or, failing
     * that, a whole number of seconds.
     */
    public Duration duration(String key, Duration fallback) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return GoDuration.parse(v.get());
        } catch (IllegalArgumentException e) {
            throw new MetadataException("metadata key '" + key + "' is not a duration: '" + v.get() + "'", e);
        }
    }

    /** A byte size as Kubernetes writes quantities ({@code 4Mi}, {@code 512k}, {@code 1024}). */
    public long byteSize(String key, long fallback) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return ByteSize.parse(v.get());
        } catch (IllegalArgumentException e) {
            throw new MetadataException("metadata key '" + key + "' is not a byte size: '" + v.get() + "'", e);
        }
    }

    /** Dapr's {@code utils.IsTruthy}. */
    public static boolean isTruthy(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "y", "yes", "true", "t", "on", "1" -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(componentName).append('{');
        values.forEach((k, v) -> {
            MetadataField f = schema.field(k);
            b.append(k).append('=').append(f != null && f.sensitive() ? "***" : v).append(", ");
        });
        return b.append('}').toString();
    }
}
