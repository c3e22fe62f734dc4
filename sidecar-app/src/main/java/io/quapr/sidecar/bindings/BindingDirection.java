package io.quapr.sidecar.bindings;

import io.quapr.sidecar.components.LiveComponent;
import io.quapr.spi.bindings.InputBinding;
import io.quapr.spi.bindings.OutputBinding;
import java.util.Locale;

/**
 * The {@code direction} metadata of a binding, read as daprd reads it: a comma-separated list of
 * {@code input} and {@code output}, case and spaces ignored. Without the key a binding is used in
 * every direction its type supports; with it, only in those listed, so a component of a type that
 * reads and writes but says {@code direction: input} is not an output binding.
 */
public final class BindingDirection {

    /** The metadata key. */
    public static final String KEY = "direction";
    /** The input direction. */
    public static final String INPUT = "input";
    /** The output direction. */
    public static final String OUTPUT = "output";

    private BindingDirection() {
    }

    /** Whether the component is an output binding: its type writes and its direction allows it. */
    public static boolean isOutput(LiveComponent c) {
        return c.instance() instanceof OutputBinding && allows(c, OUTPUT);
    }

    /** Whether the component is an input binding: its type reads and its direction allows it. */
    public static boolean isInput(LiveComponent c) {
        return c.instance() instanceof InputBinding && allows(c, INPUT);
    }

    /**
     * Whether the direction metadata names this direction explicitly; daprd then delivers input
     * events without asking the app whether it serves the binding.
     */
    public static boolean explicit(LiveComponent c, String direction) {
        String value = c.metadata().asMap().get(KEY);
        if (value == null) {
            return false;
        }
        for (String d : value.split(",")) {
            if (d.trim().toLowerCase(Locale.ROOT).equals(direction)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allows(LiveComponent c, String direction) {
        return !c.metadata().asMap().containsKey(KEY) || explicit(c, direction);
    }
}
