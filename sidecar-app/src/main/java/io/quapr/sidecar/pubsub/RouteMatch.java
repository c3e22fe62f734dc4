package io.quapr.sidecar.pubsub;

import io.quapr.sidecar.expr.CelExpression;
import java.util.Map;
import java.util.Set;

/**
 * A routing rule's {@code match}: a CEL expression over {@code event} (the CloudEvent as JSON
 * values), compiled once with Google's CEL implementation. As in daprd, any other identifier the
 * expression names is declared as a dynamic variable, so it compiles and fails only when
 * evaluated; numbers compare across int and double, as JSON numbers do in daprd.
 */
final class RouteMatch {

    private final CelExpression expression;

    private RouteMatch(CelExpression expression) {
        this.expression = expression;
    }

    /**
     * Compiles a match expression.
     *
     * @throws IllegalArgumentException with the CEL compiler's message when it does not compile
     */
    static RouteMatch compile(String expression) {
        return new RouteMatch(CelExpression.compile(expression, Set.of("event")));
    }

    /**
     * Evaluates the expression against an event.
     *
     * @param event the CloudEvent as maps, lists, strings, numbers, booleans and nulls
     * @return whether the event matches
     * @throws IllegalStateException when evaluation fails or the result is not a boolean
     */
    boolean matches(Map<String, Object> event) {
        Object result = expression.eval(Map.of("event", event));
        if (result instanceof Boolean b) {
            return b;
        }
        throw new IllegalStateException("the result of match expression " + expression + " was not a boolean");
    }

    /** The expression as written. */
    String expression() {
        return expression.expression();
    }
}
