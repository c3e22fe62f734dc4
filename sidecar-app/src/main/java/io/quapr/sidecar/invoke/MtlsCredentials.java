package io.quapr.sidecar.invoke;

import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.StartupException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * This sidecar's mTLS material (trust anchors, certificate chain, key) for the
 * sidecar-to-sidecar channel: each from its file ({@code --trust-anchors-file}, ...) or else
 * daprd's environment variable ({@code DAPR_TRUST_ANCHORS}, ...). Files are checked for changes
 * periodically; listeners (the internal server and the client) switch to the new material for
 * new connections.
 */
@ApplicationScoped
public class MtlsCredentials {

    private static final Logger LOG = Logger.getLogger(MtlsCredentials.class);

    @Inject
    SidecarConfig config;

    @Inject
    Vertx vertx;

    private final List<Consumer<Pem>> listeners = new CopyOnWriteArrayList<>();
    private volatile Pem current;
    private volatile String stamp = "";
    private long timer = -1;

    /**
     * The three PEM inputs.
     *
     * @param trustAnchors CA certificates
     * @param certChain this sidecar's chain, leaf first
     * @param certKey the leaf's private key
     */
    public record Pem(Buffer trustAnchors, Buffer certChain, Buffer certKey) {

        /** The key and chain, as a TLS end presents them. */
        public PemKeyCertOptions keyCert() {
            return new PemKeyCertOptions().setCertValue(certChain).setKeyValue(certKey);
        }

        /** The anchors the other end's chain must lead to. */
        public PemTrustOptions trust() {
            return new PemTrustOptions().addCertValue(trustAnchors);
        }
    }

    /** Whether {@code --enable-mtls} is on. */
    public boolean enabled() {
        return config.mtls().enabled();
    }

    /**
     * The material in force, read on first use.
     *
     * @throws StartupException naming the flag or variable that is missing or unreadable
     */
    public synchronized Pem current() {
        if (current == null) {
            current = read();
            stamp = stamp();
            long every = config.mtls().reloadInterval().toMillis();
            if (every > 0 && anyFile()) {
                timer = vertx.setPeriodic(every, id -> vertx.executeBlocking(() -> {
                    checkForChange();
                    return null;
                }, false));
            }
        }
        return current;
    }

    /** Calls the listener with the new material each time the files change. */
    public void onChange(Consumer<Pem> listener) {
        listeners.add(listener);
    }

    private synchronized void checkForChange() {
        String now = stamp();
        if (now.equals(stamp)) {
            return;
        }
        try {
            Pem pem = read();
            stamp = now;
            current = pem;
            LOG.info("mTLS certificates changed on disk: new connections use them");
            listeners.forEach(l -> l.accept(pem));
        } catch (RuntimeException e) {
            // a renewal written in several steps may be half done: keep the old material, retry next time
            LOG.warnf("mTLS certificates changed but could not be read yet: %s", e.getMessage());
        }
    }

    private Pem read() {
        SidecarConfig.Mtls m = config.mtls();
        return new Pem(pem("--trust-anchors-file", m.trustAnchorsFile(), "DAPR_TRUST_ANCHORS", m.trustAnchors()),
                pem("--cert-chain-file", m.certChainFile(), "DAPR_CERT_CHAIN", m.certChain()),
                pem("--cert-key-file", m.certKeyFile(), "DAPR_CERT_KEY", m.certKey()));
    }

    private static Buffer pem(String flag, Optional<String> file, String env, Optional<String> value) {
        Optional<String> f = file.map(String::trim).filter(s -> !s.isEmpty());
        if (f.isPresent()) {
            try {
                return Buffer.buffer(Files.readAllBytes(Path.of(f.get())));
            } catch (IOException e) {
                throw new StartupException(List.of(f.get() + ": " + flag + " cannot be read: " + e));
            }
        }
        return value.map(String::trim).filter(s -> !s.isEmpty()).map(Buffer::buffer).orElseThrow(
                () -> new StartupException(List.of("--enable-mtls needs " + flag + " or the " + env + " variable")));
    }

    private boolean anyFile() {
        SidecarConfig.Mtls m = config.mtls();
        return m.trustAnchorsFile().isPresent() || m.certChainFile().isPresent() || m.certKeyFile().isPresent();
    }

    /** A digest of the files' contents: any change means a renewal (the files are small). */
    private String stamp() {
        SidecarConfig.Mtls m = config.mtls();
        StringBuilder s = new StringBuilder();
        for (Optional<String> f : List.of(m.trustAnchorsFile(), m.certChainFile(), m.certKeyFile())) {
            if (f.isPresent()) {
                try {
                    s.append(Arrays.hashCode(Files.readAllBytes(Path.of(f.get().trim())))).append(';');
                } catch (IOException e) {
                    s.append("missing;");
                }
            }
        }
        return s.toString();
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
