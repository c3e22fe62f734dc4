package io.quapr.sidecar;

import io.quapr.sidecar.cli.DaprdFlags;
import io.quapr.sidecar.cli.FlagException;
import io.quapr.sidecar.kubernetes.ServiceAccountNamespace;
import io.quapr.sidecar.kubernetes.cli.KubernetesCli;
import io.quapr.sidecar.kubernetes.injector.InjectorMode;
import io.quapr.sidecar.telemetry.TracingProperties;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.Arrays;

/**
 * The {@code quaprd} process: reads daprd's command line, starts the servers, loads the
 * resources, and runs until shut down.
 */
@QuarkusMain
public class QuaprMain implements QuarkusApplication {

    @Inject
    StartupReport report;

    /**
     * Parses the flags into system properties before Quarkus reads its configuration;
     * {@code quaprd injector} runs the sidecar injector instead, and
     * {@code quaprd kubernetes init|status|uninstall} installs, checks or removes it, without the
     * sidecar.
     */
    public static void main(String... args) {
        if (args.length > 0 && args[0].equals(InjectorMode.COMMAND)) {
            System.exit(InjectorMode.run(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        if (args.length > 0 && args[0].equals(KubernetesCli.COMMAND)) {
            System.exit(KubernetesCli.run(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        DaprdFlags flags;
        try {
            flags = DaprdFlags.parse(args);
        } catch (FlagException e) {
            System.err.println("quaprd: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (flags.versionRequested()) {
            System.out.println(Version.RUNTIME);
            return;
        }
        flags.properties().forEach(System::setProperty);
        ServiceAccountNamespace.fillIn();
        // tracing is configured from the --config file before Quarkus builds the OpenTelemetry SDK
        TracingProperties.forConfigFile(System.getProperty("quapr.config-file", System.getenv("QUAPR_CONFIG_FILE")))
                .forEach((k, v) -> {
                    if (System.getProperty(k) == null) {
                        System.setProperty(k, v);
                    }
                });
        flags.warnings().forEach(w -> System.err.println("quaprd: " + w));
        Quarkus.run(QuaprMain.class, (code, failure) -> {
            if (failure != null) {
                System.err.println("quaprd: " + describe(failure));
            }
            System.exit(code);
        });
    }

    /** Components are loaded by then ({@code ComponentLoader} observes the start-up event). */
    @Override
    public int run(String... args) {
        report.log();
        Quarkus.waitForExit();
        return 0;
    }

    /**
     * The one message for a failed start: a broken resource's list of problems as it is, not
     * the wrappers Quarkus and CDI put around it.
     */
    static String describe(Throwable failure) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StartupException) {
                return t.getMessage();
            }
            root = t;
            if (t.getCause() == t) {
                break;
            }
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
