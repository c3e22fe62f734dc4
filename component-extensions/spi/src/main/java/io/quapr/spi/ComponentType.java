package io.quapr.spi;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the Dapr component type a class implements, exactly as a {@code Component} resource's
 * {@code spec.type} spells it ({@code state.redis}, {@code secretstores.local.file}).
 *
 * <p>
 * The class must also be a CDI bean ({@code @Dependent}): the sidecar finds components by this
 * annotation, one new instance per {@code Component} resource. The class's package holds a
 * {@code metadata.yaml} resource (Dapr's component-metadata format) describing every metadata
 * field; the conformance kit checks that file against the class.
 *
 * <p>
 * It is a CDI qualifier, the way SmallRye Reactive Messaging names its connectors: the sidecar
 * selects the bean for a resource's type and version from CDI metadata alone, with no
 * reflection and no list of components to maintain.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER })
public @interface ComponentType {

    /** The Dapr type name, block prefix included, e.g. {@code state.redis}. */
    String value();

    /** The component version as {@code spec.version} spells it; Dapr's default is {@code v1}. */
    String version() default "v1";

    /**
     * Other type names daprd registers the same component under ({@code bindings.postgres} for
     * {@code bindings.postgresql}); a resource may use any of them. Not part of the qualifier's
     * identity: the sidecar maps an alias to {@link #value()} before it selects the bean.
     */
    @Nonbinding
    String[] aliases() default {};

    /** An instance of the qualifier, to select a component bean by type and version. */
    final class Literal extends AnnotationLiteral<ComponentType> implements ComponentType {

        private static final long serialVersionUID = 1L;

        private final String value;
        private final String version;

        /** The qualifier for {@code type} at {@code version}. */
        public Literal(String value, String version) {
            this.value = value;
            this.version = version;
        }

        @Override
        public String value() {
            return value;
        }

        @Override
        public String version() {
            return version;
        }

        @Override
        public String[] aliases() {
            return new String[0];
        }
    }
}
