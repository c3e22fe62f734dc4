package io.quapr.sidecar.pubsub;

import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A routing rule's {@code match}: a CEL expression over {@code event} (the CloudEvent as JSON
 * values), compiled once with Google's CEL implementation. As in daprd, any other identifier the
 * expression names is declared as a dynamic variable, so it compiles and fails only when
 * evaluated; numbers compare across int and double, as JSON numbers do in daprd.
 */
final class RouteMatch {

    private static final Pattern UNDECLARED = Pattern.compile("undeclared reference to '([^']+)'");
    private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS)
            .build();

    private final String expression;
    private final CelRuntime.Program program;

    private RouteMatch(String expression, CelRuntime.Program program) {
        this.expression = expression;
        this.program = program;
    }

    /**
     * Compiles a match expression.
     *
     * @throws IllegalArgumentException with the CEL compiler's message when it does not compile
     */
    static RouteMatch compile(String expression) {
        Set<String> variables = new LinkedHashSet<>();
        variables.add("event");
        while (true) {
            CelCompiler compiler = compiler(variables);
            try {
                return new RouteMatch(expression, RUNTIME.createProgram(compiler.compile(expression).getAst()));
            } catch (CelValidationException e) {
                Matcher m = UNDECLARED.matcher(e.getMessage());
                boolean added = false;
                while (m.find()) {
                    added |= variables.add(m.group(1));
                }
                if (!added) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            } catch (CelEvaluationException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    /**
     * Evaluates the expression against an event.
     *
     * @param event the CloudEvent as maps, lists, strings, numbers, booleans and nulls
     * @return whether the event matches
     * @throws IllegalStateException when evaluation fails or the result is not a boolean
     */
    boolean matches(Map<String, Object> event) {
        Object result;
        try {
            result = program.eval(Map.of("event", event));
        } catch (CelEvaluationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (result instanceof Boolean b) {
            return b;
        }
        throw new IllegalStateException("the result of match expression " + expression + " was not a boolean");
    }

    /** The expression as written. */
    String expression() {
        return expression;
    }

    private static CelCompiler compiler(Set<String> variables) {
        var builder = CelCompilerFactory.standardCelCompilerBuilder().setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS);
        for (String v : variables) {
            builder.addVar(v, SimpleType.DYN);
        }
        return builder.build();
    }
}
