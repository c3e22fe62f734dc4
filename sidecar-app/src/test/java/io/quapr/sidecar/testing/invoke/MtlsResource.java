package io.quapr.sidecar.testing.invoke;

import io.quapr.testsupport.tls.TestCertificates;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The echo app, and mTLS on with certificate files from a CA made here ({@link #FILES}); the
 * files are checked for changes every 100 ms so a test can renew them.
 */
public class MtlsResource implements QuarkusTestResourceLifecycleManager {

    /** Where the PEM files live: {@code ca.pem}, {@code sidecar.crt}, {@code sidecar.key}. */
    public static final Path FILES;

    static {
        try {
            FILES = Files.createTempDirectory("quapr-mtls-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        Path[] pem = TestCertificates.authority("first-ca").issue(FILES, "sidecar",
                "spiffe://public/ns/default/testapp");
        return Map.of("quapr.app-port", Integer.toString(EchoApp.start()), "quapr.mtls.enabled", "true",
                "quapr.mtls.trust-anchors-file", pem[0].toString(), "quapr.mtls.cert-chain-file", pem[1].toString(),
                "quapr.mtls.cert-key-file", pem[2].toString(), "quapr.mtls.reload-interval", "100ms");
    }

    @Override
    public void stop() {
        // The app keeps running: a shared test app stopped here could still be the app of a
        // sidecar that is starting for the next test class, and its freed port be taken by another
        // server that then answers that sidecar's calls (it happened: subscriptions went missing).
    }
}
