package io.quapr.sidecar.components;

import io.quapr.spi.Component;
import io.quapr.spi.ComponentType;
import io.quapr.spi.MetadataSchema;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.arc.InstanceHandle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every component type this build has, found through CDI by its {@link ComponentType}
 * qualifier: adding a component jar adds its types, with no list to edit.
 */
@ApplicationScoped
public class ComponentRegistry {

    @Inject
    @Any
    InjectableInstance<Component> beans;

    private final Map<String, MetadataSchema> schemas = new ConcurrentHashMap<>();
    private volatile Map<String, String> aliases;

    /**
     * A new, uninitialised instance of the component for a type and version.
     *
     * @return the instance, or {@code null} when no component has that type and version
     */
    public Created create(String typeOrAlias, String version) {
        String type = canonical(typeOrAlias);
        InjectableInstance<Component> selected = beans.select(new ComponentType.Literal(type, version));
        if (!selected.isResolvable()) {
            return null;
        }
        InstanceHandle<Component> handle = selected.getHandle();
        Class<?> beanClass = handle.getBean().getBeanClass();
        MetadataSchema schema = schemas.computeIfAbsent(type + "/" + version, k -> MetadataSchema.of(beanClass));
        return new Created(handle.get(), schema);
    }

    /** Whether a component has this type and version. */
    public boolean has(String type, String version) {
        return beans.select(new ComponentType.Literal(canonical(type), version)).isResolvable();
    }

    /** The type name a component declares for a name daprd also accepts ({@link ComponentType#aliases()}). */
    public String canonical(String type) {
        Map<String, String> a = aliases;
        if (a == null) {
            Map<String, String> found = new TreeMap<>();
            for (InstanceHandle<Component> h : beans.handles()) {
                for (Annotation q : h.getBean().getQualifiers()) {
                    if (q instanceof ComponentType t) {
                        for (String alias : t.aliases()) {
                            found.put(alias, t.value());
                        }
                    }
                }
            }
            a = Map.copyOf(found);
            aliases = a;
        }
        return a.getOrDefault(type, type);
    }

    /** Every known type, each with its versions, sorted: for the "unknown type" error. */
    public Map<String, String> knownTypes() {
        Map<String, String> types = new TreeMap<>();
        for (InstanceHandle<Component> h : beans.handles()) {
            for (Annotation q : h.getBean().getQualifiers()) {
                if (q instanceof ComponentType t) {
                    types.merge(t.value(), t.version(), (a, b) -> a + "," + b);
                }
            }
        }
        return types;
    }

    /**
     * A component instance with its description.
     *
     * @param instance the new instance
     * @param schema its {@code metadata.yaml}
     */
    public record Created(Component instance, MetadataSchema schema) {
    }
}
