package io.quapr.spi;

/**
 * One metadata field as a component's {@code metadata.yaml} declares it.
 *
 * @param name the key as Dapr spells it; matched case-insensitively
 * @param type {@code string}, {@code number}, {@code bool}, {@code duration} or {@code bytesize}
 * @param required whether a resource must set it
 * @param sensitive whether the value is a secret (never logged)
 * @param defaultValue the value used when the resource leaves it out, or {@code null}
 * @param description what the field does, for people
 */
public record MetadataField(String name, String type, boolean required, boolean sensitive, String defaultValue,
        String description) {
}
