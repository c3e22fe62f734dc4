package io.quapr.sidecar;

import io.quapr.sidecar.cli.DaprdFlags;
import io.quapr.sidecar.cli.FlagException;
import io.quapr.sidecar.components.ComponentLoader;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The {@code quaprd} process: reads daprd's command line, starts the servers, loads the
 * resources, and runs until shut down.
 */
@QuarkusMain
public class QuaprMain implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(QuaprMain.class);

    @Inject
    ComponentLoader loader;

    @Inject
    StartupReport report;

    /** Parses the flags into system properties before Quarkus reads its configuration. */
    public static void main(String... args) {
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
        flags.warnings().forEach(w -> System.err.println("quaprd: " + w));
        Quarkus.run(QuaprMain.class, (code, failure) -> {
            if (failure != null) {
                System.err.println("quaprd: " + failure.getMessage());
            }
            System.exit(code);
        });
    }

    @Override
    public int run(String... args) {
        try {
            loader.loadAll();
        } catch (StartupException e) {
            LOG.error(e.getMessage());
            return 1;
        }
        report.log();
        Quarkus.waitForExit();
        return 0;
    }
}
