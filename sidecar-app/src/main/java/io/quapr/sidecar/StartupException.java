package io.quapr.sidecar;

import java.util.List;

/**
 * Start-up cannot go on: a resource file is broken or a component failed to initialise. The
 * message lists every problem, each naming the file, the resource and the field.
 */
public class StartupException extends RuntimeException {

    private final List<String> problems;

    public StartupException(List<String> problems) {
        super("start-up failed:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one line each. */
    public List<String> problems() {
        return problems;
    }
}
