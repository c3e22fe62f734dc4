package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.ComponentType;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.pubsub.PubSub;
import io.quapr.spi.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The description suite, for every component of the module whatever its block: the class and
 * its {@code metadata.yaml} say the same thing, and the class can be created the way the sidecar
 * creates it. Nothing here connects to a backend.
 */
@ExtendWith(ConformanceExtension.class)
public class DescriptionConformanceTest {

    private static final Set<String> STATUSES = Set.of("stable", "beta", "alpha", "development-only");

    /** One container per component class of the module. */
    @TestFactory
    Stream<DynamicNode> descriptions(ConformanceRun run) {
        return run.components().stream().map(DescriptionConformanceTest::container);
    }

    private static DynamicNode container(Class<?> type) {
        ComponentType annotation = type.getAnnotation(ComponentType.class);
        String daprType = annotation.value();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest("metadata.yaml is beside the class", () -> MetadataSchema.of(type)));
        tests.add(dynamicTest("metadata.yaml type.name is the @ComponentType value", () -> assertEquals(daprType,
                MetadataSchema.of(type).daprType(), "type + \".\" + name in metadata.yaml")));
        tests.add(dynamicTest("metadata.yaml version is the @ComponentType version", () -> assertEquals(
                annotation.version(), MetadataSchema.of(type).version(), "version in metadata.yaml")));
        tests.add(dynamicTest("status is stable, beta, alpha or development-only", () -> {
            String status = MetadataSchema.of(type).status();
            assertTrue(STATUSES.contains(status), "status '" + status + "' in metadata.yaml");
        }));
        tests.add(dynamicTest("package is io.quapr.components.<type without hyphens>", () -> assertEquals(
                expectedPackage(daprType), type.getPackageName(), "package of " + type.getSimpleName())));
        tests.add(dynamicTest("metadata fields are well-formed",
                () -> MetadataFieldChecks.check(MetadataSchema.of(type))));
        tests.add(dynamicTest("public no-arg constructor and @Dependent, as CDI creates it", () -> {
            try {
                type.getConstructor();
            } catch (NoSuchMethodException e) {
                fail(type.getSimpleName() + " has no public no-arg constructor");
            }
            boolean dependent = Stream.of(type.getAnnotations())
                    .anyMatch(a -> a.annotationType().getName().equals("jakarta.enterprise.context.Dependent"));
            assertTrue(dependent, type.getSimpleName() + " is not @Dependent: one instance per Component resource");
        }));
        if (StateStore.class.isAssignableFrom(type)) {
            tests.addAll(StateDescriptionChecks.tests(type.asSubclass(StateStore.class)));
        }
        if (PubSub.class.isAssignableFrom(type)) {
            tests.addAll(PubSubDescriptionChecks.tests(type.asSubclass(PubSub.class)));
        }
        return Labels.apply(dynamicContainer(daprType + " (" + type.getSimpleName() + ") description", tests));
    }

    /** {@code state.in-memory} → {@code io.quapr.components.state.inmemory}. */
    static String expectedPackage(String daprType) {
        return "io.quapr.components." + daprType.replace("-", "").toLowerCase(Locale.ROOT);
    }
}
