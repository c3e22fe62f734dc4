package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quapr.spi.Component;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.bindings.InputBinding;
import io.quapr.spi.bindings.OutputBinding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bindings suite: for every {@link OutputBinding} or {@link InputBinding} the module declares,
 * one container that checks {@code metadata.yaml}'s {@code binding} section against the class
 * ({@code input} and {@code output} as the interfaces implemented, {@code operations} exactly
 * {@link OutputBinding#operations()}), then runs the output and input cases its operations and
 * fixture hints ({@link BindingHints}) allow ({@link BindingCases}), then closes it.
 */
@ExtendWith(ConformanceExtension.class)
public class BindingConformanceTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One container per binding of the module; none when it has none. */
    @TestFactory
    Stream<DynamicNode> bindings(ConformanceRun run) {
        Set<Class<? extends Component>> types = new LinkedHashSet<>();
        types.addAll(run.components(OutputBinding.class));
        types.addAll(run.components(InputBinding.class));
        return types.stream().map(type -> container(run, type));
    }

    private static DynamicNode container(ConformanceRun run, Class<? extends Component> type) {
        LiveComponent<Component> live = LiveComponent.start(type, run);
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(live.initTest());
        JsonNode binding = bindingSection(type);
        nodes.add(dynamicTest("metadata.yaml's binding.input and binding.output say what the class implements",
                () -> {
                    assertEquals(InputBinding.class.isAssignableFrom(type), binding.path("input").asBoolean(false),
                            "binding.input");
                    assertEquals(OutputBinding.class.isAssignableFrom(type), binding.path("output").asBoolean(false),
                            "binding.output");
                }));
        if (live.ready()) {
            BindingHints hints = BindingHints.of(run.fixtures().resource(live.daprType()).annotations());
            Component instance = live.instance();
            if (instance instanceof OutputBinding out) {
                nodes.add(dynamicTest("operations() equal metadata.yaml's binding.operations", () -> {
                    List<String> listed = new ArrayList<>();
                    binding.path("operations").forEach(op -> listed.add(op.path("name").asText()));
                    assertFalse(out.operations().isEmpty(), "an output binding supports at least one operation");
                    assertEquals(Set.copyOf(listed), Set.copyOf(out.operations()));
                }));
                nodes.add(dynamicContainer("output", BindingCases.output(out, hints)));
            }
            if (instance instanceof InputBinding in) {
                nodes.add(dynamicContainer("input", BindingCases.input(in,
                        instance instanceof OutputBinding out ? out : null, hints)));
            }
        }
        nodes.add(live.closeTest());
        return Labels.apply(dynamicContainer(live.displayName(), nodes));
    }

    private static JsonNode bindingSection(Class<?> type) {
        try (InputStream in = type.getResourceAsStream(MetadataSchema.FILE_NAME)) {
            return in == null ? YAML.createObjectNode() : YAML.readTree(in).path("binding");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
