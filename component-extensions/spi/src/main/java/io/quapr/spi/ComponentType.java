package io.quapr.spi;

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
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ComponentType {

    /** The Dapr type name, block prefix included, e.g. {@code state.redis}. */
    String value();

    /** The component version as {@code spec.version} spells it; Dapr's default is {@code v1}. */
    String version() default "v1";
}
