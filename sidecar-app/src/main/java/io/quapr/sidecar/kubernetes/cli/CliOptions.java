package io.quapr.sidecar.kubernetes.cli;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * {@code quaprd kubernetes <init|status|uninstall> [options]}, parsed.
 *
 * @param verb {@code init}, {@code status} or {@code uninstall}
 * @param print {@code init --print}: write what would be applied, apply nothing
 * @param example {@code init --example}: the example app too (namespace {@code quapr-example})
 * @param eks {@code init --eks}: the example and its EKS overlay ({@code eks.yml} beside the bundle)
 * @param all {@code uninstall --all}: the Dapr CRDs (and so every Dapr resource) and the
 *        {@code quapr-system} namespace too, which are kept otherwise
 * @param namespace {@code status -n}: the namespace whose pods are listed; default the context's
 * @param bundle {@code --bundle}: the bundle file; default the one beside the application
 * @param kubeconfig {@code --kubeconfig}: default {@code KUBECONFIG}, else {@code ~/.kube/config}
 * @param context {@code --context}: a context of the kubeconfig; default its current one
 */
record CliOptions(String verb, boolean print, boolean example, boolean eks, boolean all, Optional<String> namespace,
        Optional<Path> bundle, Optional<Path> kubeconfig, Optional<String> context) {

    static final String USAGE = """
            usage: quaprd kubernetes init [--print] [--example] [--eks] [--bundle FILE] [--kubeconfig FILE] [--context NAME]
                   quaprd kubernetes status [-n NAMESPACE] [--kubeconfig FILE] [--context NAME]
                   quaprd kubernetes uninstall [--all] [--bundle FILE] [--kubeconfig FILE] [--context NAME]""";

    private static final List<String> VERBS = List.of("init", "status", "uninstall");

    /** A command line that cannot be run; the message says why. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param args what follows {@code kubernetes}
     * @throws UsageException naming the first argument that does not fit the verb
     */
    static CliOptions parse(String... args) {
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        String verb = rest.poll();
        if (verb == null || !VERBS.contains(verb)) {
            throw new UsageException(
                    verb == null ? "which one: init, status or uninstall?" : "unknown command " + verb);
        }
        boolean print = false, example = false, eks = false, all = false;
        Optional<String> namespace = Optional.empty(), context = Optional.empty();
        Optional<Path> bundle = Optional.empty(), kubeconfig = Optional.empty();
        while (!rest.isEmpty()) {
            String arg = rest.poll();
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (arg.contains("=")) {
                rest.push(arg.substring(arg.indexOf('=') + 1));
            }
            switch (name) {
                case "--print" -> print = only(verb, "init", name);
                case "--example" -> example = only(verb, "init", name);
                case "--eks" -> eks = only(verb, "init", name);
                case "--all" -> all = only(verb, "uninstall", name);
                case "-n", "--namespace" -> namespace = Optional.of(value(rest, name, only(verb, "status", name)));
                case "--bundle" -> bundle = Optional.of(Path.of(value(rest, name, !verb.equals("status"))));
                case "--kubeconfig" -> kubeconfig = Optional.of(Path.of(value(rest, name, true)));
                case "--context" -> context = Optional.of(value(rest, name, true));
                default -> throw new UsageException("unknown option " + arg + " for " + verb);
            }
        }
        return new CliOptions(verb, print, example || eks, eks, all, namespace, bundle, kubeconfig, context);
    }

    private static boolean only(String verb, String allowed, String option) {
        if (!verb.equals(allowed)) {
            throw new UsageException(option + " is an option of " + allowed + ", not of " + verb);
        }
        return true;
    }

    private static String value(Deque<String> rest, String option, boolean allowed) {
        if (!allowed) {
            throw new UsageException(option + " is not an option of this command");
        }
        String v = rest.poll();
        if (v == null || v.isBlank()) {
            throw new UsageException(option + " needs a value");
        }
        return v;
    }
}
