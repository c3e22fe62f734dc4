package io.quapr.packaging;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strict JSON Schemas of every kind a manifest may have: the Kubernetes definitions
 * ({@link KubernetesDefinitions}) and the served versions of the CRDs given, all in one schema
 * document for the validator (networknt json-schema-validator, JSON Schema 2020-12).
 */
public final class SchemaCatalog {

    private static final String ID = "https://schemas.quapr.io/packaging-tests/catalog.json";
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    private final ObjectNode defs;
    private final SchemaRegistry registry;

    private SchemaCatalog(ObjectNode defs) {
        this.defs = defs;
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("$schema", SpecificationVersion.DRAFT_2020_12.getDialectId());
        document.put("$id", ID);
        document.set("$defs", defs);
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(ID, document.toString())));
    }

    /** The Kubernetes kinds and those the given {@code CustomResourceDefinition}s define. */
    public static SchemaCatalog of(List<Manifest> customResourceDefinitions) {
        ObjectNode defs = JsonNodeFactory.instance.objectNode();
        StrictSchemaConverter definitions = StrictSchemaConverter
                .forDefinitions(ref -> ref.replace("#/definitions/", "#/$defs/"));
        for (Map.Entry<String, JsonNode> definition : KubernetesDefinitions.all().properties()) {
            defs.set(definition.getKey(), definitions.convert(definition.getValue()));
        }
        // the API server reads a quantity written as a number (cpu: 1) as well as a string
        defs.set(QUANTITY, JsonNodeFactory.instance.objectNode().set("type",
                StrictSchemaConverter.types("string", "number")));
        StrictSchemaConverter customResources = StrictSchemaConverter.forCustomResource();
        for (Manifest crd : customResourceDefinitions) {
            String group = crd.at("/spec/group").asString();
            String kind = crd.at("/spec/names/kind").asString();
            for (JsonNode version : crd.at("/spec/versions")) {
                if (!version.path("served").asBoolean(false)) {
                    continue;
                }
                ObjectNode schema = customResources.convert(version.at("/schema/openAPIV3Schema"));
                // the API server checks a custom resource's metadata as any object's
                schema.withObjectProperty("properties").set("metadata",
                        JsonNodeFactory.instance.objectNode().put("$ref", "#/$defs/" + OBJECT_META));
                defs.set(DefinitionNames.of(group + "/" + version.path("name").asString(), kind), schema);
            }
        }
        return new SchemaCatalog(defs);
    }

    /** The schema of a kind, if the catalog knows it. */
    public Optional<Schema> schemaOf(String apiVersion, String kind) {
        String name = DefinitionNames.of(apiVersion, kind);
        if (!defs.has(name)) {
            return Optional.empty();
        }
        return Optional.of(registry.getSchema(SchemaLocation.of(ID + "#/$defs/" + name)));
    }
}
