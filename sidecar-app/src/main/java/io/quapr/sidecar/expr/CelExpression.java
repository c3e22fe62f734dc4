package io.quapr.sidecar.expr;

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
 * A CEL expression compiled once with Google's CEL implementation, the way daprd compiles its
 * expressions (routing rules, circuit breaker trips): every identifier the expression names is
 * declared as a dynamic variable, so it compiles and fails only when evaluated without it;
 * numbers compare across int and double, as JSON numbers do in daprd.
 */
public final class CelExpression {

    private static final Pattern UNDECLARED = Pattern.compile("undeclared reference to '([^']+)'");
    private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS)
            .build();

    private final String expression;
    private final CelRuntime.Program program;

    private CelExpression(String expression, CelRuntime.Program program) {
        this.expression = expression;
        this.program = program;
    }

    /**
     * Compiles an expression.
     *
     * @param expression the CEL text
     * @param variables variables known in advance (any other the expression names is added)
     * @throws IllegalArgumentException with the CEL compiler's message when it does not compile
     */
    public static CelExpression compile(String expression, Set<String> variables) {
        Set<String> declared = new LinkedHashSet<>(variables);
        while (true) {
            CelCompiler compiler = compiler(declared);
            try {
                return new CelExpression(expression, RUNTIME.createProgram(compiler.compile(expression).getAst()));
            } catch (CelValidationException e) {
                Matcher m = UNDECLARED.matcher(e.getMessage());
                boolean added = false;
                while (m.find()) {
                    added |= declared.add(m.group(1));
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
     * Evaluates the expression.
     *
     * @param values the variables' values (maps, lists, strings, longs, doubles, booleans)
     * @return the result as CEL's Java runtime returns it
     * @throws IllegalStateException when evaluation fails
     */
    public Object eval(Map<String, ?> values) {
        try {
            return program.eval(values);
        } catch (CelEvaluationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The expression as written. */
    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
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
