package io.quapr.packaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The resources of one or more multi-document YAML files, in file order, with look-ups by kind and
 * name. Empty documents (a leading {@code ---}, comments only) are skipped.
 */
public final class Manifests {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final List<Manifest> all;

    private Manifests(List<Manifest> all) {
        this.all = List.copyOf(all);
    }

    /** The resources of the bundle, {@code target/kubernetes/kubernetes.yml}. */
    public static Manifests bundle() {
        return read(BuildOutput.bundle());
    }

    /** The resources of the EKS overlay, {@code target/kubernetes/eks.yml}. */
    public static Manifests eksOverlay() {
        return read(BuildOutput.eksOverlay());
    }

    /** The resources of a YAML file, named by the file and their position in messages. */
    public static Manifests read(Path file) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            return collect(docs, index -> file.getFileName() + "#" + index);
        }
    }

    /** The resources of a YAML text, named {@code source} in messages. */
    public static Manifests parse(String source, String yaml) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            return collect(docs, index -> source);
        }
    }

    private static Manifests collect(MappingIterator<JsonNode> docs, IntFunction<String> source) {
        List<Manifest> found = new ArrayList<>();
        int index = 0;
        while (docs.hasNextValue()) {
            JsonNode node = docs.nextValue();
            index++;
            if (node != null && node.isObject() && !node.isEmpty()) {
                found.add(new Manifest(source.apply(index), node));
            }
        }
        return new Manifests(found);
    }

    /** These resources followed by {@code other}'s. */
    public Manifests and(Manifests other) {
        List<Manifest> joined = new ArrayList<>(all);
        joined.addAll(other.all);
        return new Manifests(joined);
    }

    /** Every resource, in order. */
    public List<Manifest> all() {
        return all;
    }

    /** The resources of a kind. */
    public Stream<Manifest> ofKind(String kind) {
        return all.stream().filter(m -> m.kind().equals(kind));
    }

    /** The resource of a kind and name, if there is one. */
    public Optional<Manifest> find(String kind, String name) {
        return ofKind(kind).filter(m -> m.name().equals(name)).findFirst();
    }

    /** The resource of a kind and name; fails the test when there is none. */
    public Manifest get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in " + all));
    }
}
