package io.quapr.sidecar.components;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quapr.sidecar.StartupException;
import io.quapr.spi.GoDuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Reads and validates Dapr resources: every {@code *.yaml}/{@code *.yml} file of each folder,
 * several documents per file, or resources read from the Kubernetes API server
 * ({@link #load(List, String)}), with the same checks whatever the source. Problems are collected
 * and thrown together, each naming its source (the file, or {@code <kind>/<namespace>/<name>})
 * and field, so a user fixes a broken folder in one go.
 */
public final class ResourceLoader {

    private static final Logger LOG = Logger.getLogger(ResourceLoader.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** daprd's default {@code spec.initTimeout}. */
    public static final Duration DEFAULT_INIT_TIMEOUT = Duration.ofSeconds(5);

    /** The kinds later blocks use, with the apiVersions daprd accepts for each. */
    private static final Map<String, Set<String>> OTHER_KINDS = Map.of(
            "Subscription", Set.of("dapr.io/v1alpha1", "dapr.io/v2alpha1"),
            "Resiliency", Set.of("dapr.io/v1alpha1"),
            "Configuration", Set.of("dapr.io/v1alpha1"),
            "HTTPEndpoint", Set.of("dapr.io/v1alpha1"));

    private final List<String> problems = new ArrayList<>();
    private final List<ComponentResource> components = new ArrayList<>();
    private final List<OtherResource> others = new ArrayList<>();
    /** The store of a resource without {@code auth.secretStore}: null in self-hosted mode. */
    private final String defaultSecretStore;

    private ResourceLoader(String defaultSecretStore) {
        this.defaultSecretStore = defaultSecretStore;
    }

    /**
     * One resource document and where it came from.
     *
     * @param source names it in problems: a file (and document number), or
     *        {@code <kind>/<namespace>/<name>} for a Kubernetes resource
     * @param document the resource as a tree ({@code apiVersion}, {@code kind}, {@code metadata},
     *        {@code spec}, ...)
     */
    public record Document(String source, JsonNode document) {
    }

    /**
     * Validates resources that were read elsewhere (from the Kubernetes API server), exactly as
     * resources read from files are.
     *
     * @param documents the resources, in the order they are to be loaded
     * @param defaultSecretStore the secret store of resources without {@code auth.secretStore}
     *        ({@code kubernetes} in Kubernetes mode, as daprd), or null for none
     * @throws StartupException listing every problem found
     */
    public static Resources load(List<Document> documents, String defaultSecretStore) {
        ResourceLoader loader = new ResourceLoader(defaultSecretStore);
        documents.forEach(d -> loader.loadDocument(d.source(), d.document()));
        return loader.result();
    }

    private Resources result() {
        if (!problems.isEmpty()) {
            throw new StartupException(problems);
        }
        return new Resources(List.copyOf(components), List.copyOf(others));
    }

    /**
     * Loads every resource file of the folders, in folder then file-name order.
     *
     * @throws StartupException listing every problem found
     */
    public static Resources load(List<Path> folders) {
        ResourceLoader loader = new ResourceLoader(null);
        for (Path folder : folders) {
            loader.loadFolder(folder);
        }
        return loader.result();
    }

    /** Loads one file (a Configuration passed with {@code --config}, or a test fixture). */
    public static Resources loadFile(Path file) {
        ResourceLoader loader = new ResourceLoader(null);
        loader.loadFileInto(file);
        return loader.result();
    }

    private void loadFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            problems.add(folder + ": resources path is not a folder");
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return Files.isRegularFile(f) && (n.endsWith(".yaml") || n.endsWith(".yml"));
            }).sorted().forEach(this::loadFileInto);
        } catch (IOException e) {
            problems.add(folder + ": cannot list resources path: " + e.getMessage());
        }
    }

    private void loadFileInto(Path file) {
        List<JsonNode> docs = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile());
                MappingIterator<JsonNode> it = YAML.readValues(parser, JsonNode.class)) {
            while (it.hasNextValue()) {
                docs.add(it.nextValue());
            }
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            problems.add(file + ": not valid YAML" + (at == null
                    ? ""
                    : " (line " + at.getLineNr() + ", column "
                            + at.getColumnNr() + ")")
                    + ": " + firstLine(e.getOriginalMessage()));
            return;
        } catch (IOException | RuntimeException e) {
            problems.add(file + ": cannot read: " + firstLine(e.getMessage()));
            return;
        }
        for (int i = 0; i < docs.size(); i++) {
            JsonNode doc = docs.get(i);
            if (doc == null || doc.isNull() || doc.isMissingNode() || (doc.isObject() && doc.isEmpty())) {
                continue; // an empty document between two "---" is allowed
            }
            String source = docs.size() > 1 ? file + " (document " + (i + 1) + ")" : file.toString();
            loadDocument(source, doc);
        }
    }

    private void loadDocument(String source, JsonNode doc) {
        if (!doc.isObject()) {
            problems.add(source + ": a resource must be a YAML mapping");
            return;
        }
        String kind = doc.path("kind").asText("");
        String apiVersion = doc.path("apiVersion").asText("");
        String name = doc.path("metadata").path("name").asText("");
        if (kind.isEmpty()) {
            problems.add(source + ": field 'kind' is required");
            return;
        }
        if (kind.equals("Component")) {
            loadComponent(source, apiVersion, name, doc);
        } else if (OTHER_KINDS.containsKey(kind)) {
            loadOther(source, kind, apiVersion, name, doc);
        } else {
            LOG.warnf("%s: resource kind '%s' is not known to quapr; ignored", source, kind);
        }
    }

    private void loadComponent(String source, String apiVersion, String name, JsonNode doc) {
        String where = source + ": Component '" + name + "'";
        int before = problems.size();
        if (!apiVersion.equals("dapr.io/v1alpha1")) {
            problems.add(where + ": field 'apiVersion' must be dapr.io/v1alpha1, not '" + apiVersion + "'");
        }
        if (name.isEmpty()) {
            problems.add(source + ": Component: field 'metadata.name' is required");
        }
        JsonNode spec = doc.path("spec");
        String type = spec.path("type").asText("");
        if (type.isEmpty()) {
            problems.add(where + ": field 'spec.type' is required");
        }
        String version = spec.path("version").asText("");
        List<ComponentResource.MetadataItem> items = new ArrayList<>();
        JsonNode md = spec.path("metadata");
        if (!md.isMissingNode() && !md.isNull() && !md.isArray()) {
            problems.add(where + ": field 'spec.metadata' must be a list of {name, value}");
        }
        int index = 0;
        for (JsonNode item : md) {
            String field = "spec.metadata[" + index++ + "]";
            String key = item.path("name").asText("");
            if (key.isEmpty()) {
                problems.add(where + ": field '" + field + ".name' is required");
                continue;
            }
            JsonNode ref = item.get("secretKeyRef");
            JsonNode env = item.get("envRef");
            JsonNode value = item.get("value");
            if (ref != null && !ref.isNull()) {
                String secretName = ref.path("name").asText("");
                if (secretName.isEmpty()) {
                    problems.add(where + ": field '" + field + ".secretKeyRef.name' is required");
                }
                items.add(new ComponentResource.MetadataItem(key, null,
                        new ComponentResource.SecretKeyRef(secretName, ref.path("key").asText("")), null));
            } else if (env != null && !env.isNull()) {
                items.add(new ComponentResource.MetadataItem(key, null, null, env.asText()));
            } else if (value != null && value.isContainerNode()) {
                // Dapr accepts structured values and hands them to the component as JSON text
                items.add(new ComponentResource.MetadataItem(key, value.toString(), null, null));
            } else {
                items.add(new ComponentResource.MetadataItem(key, value == null || value.isNull() ? "" : value.asText(),
                        null, null));
            }
        }
        Duration initTimeout = DEFAULT_INIT_TIMEOUT;
        String timeout = spec.path("initTimeout").asText("");
        if (!timeout.isEmpty()) {
            try {
                initTimeout = GoDuration.parse(timeout);
            } catch (IllegalArgumentException e) {
                problems.add(where + ": field 'spec.initTimeout' is not a duration: '" + timeout + "'");
            }
        }
        JsonNode ignore = spec.path("ignoreErrors");
        boolean ignoreErrors = ignore.isBoolean()
                ? ignore.booleanValue()
                : Boolean.parseBoolean(ignore.asText("false"));
        if (problems.size() == before) {
            components.add(new ComponentResource(source, name, type, version.isEmpty() ? "v1" : version, items,
                    secretStore(doc), scopes(doc), initTimeout, ignoreErrors));
        }
    }

    private void loadOther(String source, String kind, String apiVersion, String name, JsonNode doc) {
        String where = source + ": " + kind + " '" + name + "'";
        if (!OTHER_KINDS.get(kind).contains(apiVersion)) {
            problems.add(where + ": field 'apiVersion' must be one of " + OTHER_KINDS.get(kind) + ", not '"
                    + apiVersion + "'");
            return;
        }
        if (name.isEmpty()) {
            problems.add(source + ": " + kind + ": field 'metadata.name' is required");
            return;
        }
        JsonNode spec = doc.path("spec");
        int before = problems.size();
        switch (kind) {
            case "Subscription" -> {
                requireText(where, spec, "pubsubname");
                requireText(where, spec, "topic");
                if (apiVersion.equals("dapr.io/v2alpha1")) {
                    if (!spec.path("routes").isObject()) {
                        problems.add(where + ": field 'spec.routes' is required (with 'default' and/or 'rules')");
                    }
                } else {
                    requireText(where, spec, "route");
                }
            }
            case "HTTPEndpoint" -> requireText(where, spec, "baseUrl");
            case "Resiliency" -> {
                if (!spec.path("policies").isObject() && !spec.path("targets").isObject()) {
                    problems.add(where + ": field 'spec.policies' or 'spec.targets' is required");
                }
            }
            default -> {
                // Configuration: every field is optional
            }
        }
        if (problems.size() == before) {
            others.add(new OtherResource(source, kind, apiVersion, name, scopes(doc), spec, secretStore(doc)));
        }
    }

    /** {@code auth.secretStore}, else the mode's default store (none in self-hosted mode). */
    private String secretStore(JsonNode doc) {
        String store = doc.path("auth").path("secretStore").asText("");
        return store.isEmpty() ? defaultSecretStore : store;
    }

    private void requireText(String where, JsonNode spec, String field) {
        if (spec.path(field).asText("").isEmpty()) {
            problems.add(where + ": field 'spec." + field + "' is required");
        }
    }

    private static List<String> scopes(JsonNode doc) {
        List<String> scopes = new ArrayList<>();
        doc.path("scopes").forEach(s -> scopes.add(s.asText()));
        return List.copyOf(scopes);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
