package io.quapr.sidecar.cli;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One daprd command-line flag and what it sets.
 *
 * @param name the flag without dashes, as daprd spells it
 * @param bool whether it is a switch ({@code --flag} means true) rather than taking a value
 * @param apply writes the flag's value into the configuration being built
 */
record Flag(String name, boolean bool, BiConsumer<String, Map<String, String>> apply) {

    /** A flag whose value is copied to each of the configuration keys. */
    static Flag value(String name, String... keys) {
        return new Flag(name, false, (v, props) -> {
            for (String key : keys) {
                props.put(key, v);
            }
        });
    }

    /** A switch copied to a configuration key as {@code true}/{@code false}. */
    static Flag bool(String name, String key) {
        return new Flag(name, true, (v, props) -> props.put(key, v));
    }

    /** A flag with a value that needs converting or checking. */
    static Flag custom(String name, BiConsumer<String, Map<String, String>> apply) {
        return new Flag(name, false, apply);
    }
}
