package io.quapr.components.secretstores.local.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.MetadataException;
import io.quapr.spi.secrets.SecretFeature;
import io.quapr.spi.secrets.SecretNotFoundException;
import io.quapr.spi.secrets.SecretStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.Dependent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code secretstores.local.file}: secrets from a JSON file, for local development.
 *
 * <p>
 * The file is read once, at init, like daprd does: editing it later needs a restart. A relative
 * {@code secretsFile} is resolved against the sidecar's working directory (Dapr's docs: "relative
 * to where you call {@code dapr run}"). With {@code multiValued=false} (the default) every leaf of
 * the JSON tree is its own secret, named by its path joined with {@code nestedSeparator}; with
 * {@code multiValued=true} every top-level key is a secret holding its nested leaves, and the store
 * reports {@link SecretFeature#MULTIPLE_KEY_VALUES_PER_SECRET}.
 */
@Dependent
@ComponentType("secretstores.local.file")
public class LocalFileSecretStore implements SecretStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    // written once by init (on whichever thread completes the read), read by any thread later
    private volatile Map<String, Map<String, String>> secrets = Map.of();
    private volatile Set<SecretFeature> features = Set.of();

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public LocalFileSecretStore() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        Path file = Path.of(metadata.required("secretsFile")).toAbsolutePath();
        // read as given, not trimmed: a separator may well be a space
        String separator = metadata.asMap().getOrDefault("nestedSeparator", "");
        String nestedSeparator = separator.isEmpty() ? ":" : separator;
        boolean multiValued = metadata.bool("multiValued", false);
        return context.executeBlocking(() -> read(file))
                .invoke(root -> {
                    secrets = multiValued
                            ? SecretsJson.multiValued(root, nestedSeparator)
                            : SecretsJson.singleValued(root, nestedSeparator);
                    features = multiValued ? Set.of(SecretFeature.MULTIPLE_KEY_VALUES_PER_SECRET) : Set.of();
                })
                .replaceWithVoid();
    }

    /** Reads and parses the file; the messages name the file, since the sidecar only adds the component. */
    private static JsonNode read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MetadataException("secretsFile '" + file + "' does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secretsFile '" + file + "'", e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "secretsFile '" + file + "' is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            // parsing bytes in memory does no I/O; Jackson's signature declares it anyway
            throw new UncheckedIOException("cannot parse secretsFile '" + file + "'", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalStateException("secretsFile '" + file + "' must hold a JSON object at the top level");
        }
        return root;
    }

    @Override
    public Set<SecretFeature> features() {
        return features;
    }

    @Override
    public Uni<Map<String, String>> get(String name, Map<String, String> metadata) {
        Map<String, String> secret = secrets.get(name);
        return secret == null
                ? Uni.createFrom().failure(new SecretNotFoundException(name))
                : Uni.createFrom().item(secret);
    }

    @Override
    public Uni<Map<String, Map<String, String>>> bulkGet(Map<String, String> metadata) {
        return Uni.createFrom().item(secrets);
    }
}
