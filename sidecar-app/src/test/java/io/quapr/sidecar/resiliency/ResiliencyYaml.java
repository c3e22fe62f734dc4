package io.quapr.sidecar.resiliency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quapr.sidecar.components.OtherResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Builds Resiliency resources from YAML text for the unit tests. */
final class ResiliencyYaml {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ResiliencyYaml() {
    }

    /** A resource from {@code file}, with the given spec YAML and scopes. */
    static OtherResource resource(String file, String name, String specYaml, String... scopes) {
        try {
            JsonNode spec = YAML.readTree(specYaml);
            return new OtherResource(file, "Resiliency", "dapr.io/v1alpha1", name, List.of(scopes), spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one resource for app {@code app}. */
    static ResiliencyPolicies parse(String specYaml) {
        return ResiliencyParser.parse(new ArrayList<>(List.of(resource("res.yaml", "r", specYaml))), "app");
    }
}
