package io.quapr.conformance;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every suite the same {@link ConformanceRun}, kept in the root context's store so that
 * JUnit closes it (and with it the Vert.x instance) once, when the whole run ends.
 */
public final class ConformanceExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
            .create(ConformanceExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ConformanceRun.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(ConformanceRun.class,
                k -> ConformanceRun.fromSystemProperties(), ConformanceRun.class);
    }
}
