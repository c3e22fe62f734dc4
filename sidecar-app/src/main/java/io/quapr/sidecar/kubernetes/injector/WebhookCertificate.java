package io.quapr.sidecar.kubernetes.injector;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The webhook's certificate and key, as cert-manager keeps them in a mounted Secret: read from the
 * two PEM files, and read again when their content changes (a renewal swaps both files).
 */
final class WebhookCertificate {

    private final Path certFile;
    private final Path keyFile;
    private byte[] cert;
    private byte[] key;

    /**
     * Reads both files.
     *
     * @throws UncheckedIOException naming the file that cannot be read
     */
    WebhookCertificate(Path certFile, Path keyFile) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.cert = read(certFile);
        this.key = read(keyFile);
    }

    /** The pair in force, for the HTTPS server. */
    synchronized PemKeyCertOptions options() {
        return new PemKeyCertOptions().setCertValue(Buffer.buffer(cert)).setKeyValue(Buffer.buffer(key));
    }

    /**
     * Reads the files again.
     *
     * @return the new pair when either file changed, empty when both are as before
     * @throws UncheckedIOException when a file cannot be read (a renewal half written: try later)
     */
    synchronized Optional<PemKeyCertOptions> reloadIfChanged() {
        byte[] newCert = read(certFile);
        byte[] newKey = read(keyFile);
        if (Arrays.equals(newCert, cert) && Arrays.equals(newKey, key)) {
            return Optional.empty();
        }
        cert = newCert;
        key = newKey;
        return Optional.of(options());
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the webhook's TLS file: " + e.getMessage(), e);
        }
    }
}
