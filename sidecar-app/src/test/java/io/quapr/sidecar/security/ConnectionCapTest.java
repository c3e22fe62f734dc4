package io.quapr.sidecar.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.invoke.InternalServer;
import io.quapr.sidecar.telemetry.MetricsServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Each port takes at most its bound of connections at once (here 20 each): the HTTP API
 * ({@code quarkus.http.limits.max-connections}), the gRPC API ({@code quapr.grpc-max-connections}),
 * the sidecar-to-sidecar port ({@code quapr.internal-grpc-max-connections}) and the metrics port
 * ({@code quapr.metrics-max-connections}). One more is closed as it is accepted, and a freed slot
 * serves again.
 */
@QuarkusTest
@TestProfile(ConnectionCapTest.TwentyConnections.class)
class ConnectionCapTest {

    private static final int CAP = 20;

    /** How long a connection the server means to close may take to close. */
    private static final int QUIET_MS = 300;

    /** A cap small enough to reach. */
    public static class TwentyConnections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.limits.max-connections", Integer.toString(CAP), "quapr.grpc-max-connections",
                    Integer.toString(CAP), "quapr.internal-grpc-max-connections", Integer.toString(CAP),
                    "quapr.metrics-max-connections", Integer.toString(CAP));
        }
    }

    @TestHTTPResource("/")
    URL url;

    @Inject
    InternalServer internal;

    @Inject
    MetricsServer metrics;

    @Test
    void theOtherPortsCloseTheConnectionOverTheirBound() throws Exception {
        int grpcPort = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        if (grpcPort == 0) {
            grpcPort = ConfigProvider.getConfig().getValue("quarkus.grpc.server.port", Integer.class);
        }
        for (int port : new int[] { grpcPort, internal.port(), metrics.port() }) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < CAP; i++) {
                    held.add(new Socket(url.getHost(), port));
                }
                // one moment for the server to close any of them, then each is looked at
                Thread.sleep(QUIET_MS);
                for (Socket s : held) {
                    assertTrue(stillOpen(s, 20), "port " + port + " closed a connection within its bound");
                }
                try (Socket over = new Socket(url.getHost(), port)) {
                    assertTrue(closedAtOnce(over), "port " + port + " kept the connection over its bound open");
                }
                held.remove(0).close();
                boolean served = false;
                for (int attempt = 0; attempt < 50 && !served; attempt++) {
                    Thread.sleep(100);
                    try (Socket again = new Socket(url.getHost(), port)) {
                        served = stillOpen(again, QUIET_MS);
                    }
                }
                assertTrue(served, "port " + port + " did not take a connection in a freed slot");
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    /**
     * Not closed by the server within {@code waitMs} (it may say something: HTTP/2 servers send
     * SETTINGS).
     */
    private static boolean stillOpen(Socket s, int waitMs) throws IOException {
        s.setSoTimeout(waitMs);
        try {
            return s.getInputStream().read(new byte[256]) >= 0;
        } catch (SocketTimeoutException quiet) {
            return true;
        } catch (IOException reset) {
            return false;
        }
    }

    /** Closed by the server, with nothing said, within 5 s. */
    private static boolean closedAtOnce(Socket s) throws IOException {
        s.setSoTimeout(5_000);
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void oneConnectionOverTheCapIsClosedAndAFreedSlotServesAgain() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < CAP; i++) {
                Socket s = new Socket(url.getHost(), url.getPort());
                held.add(s);
            }
            // every held connection is served
            assertEquals("HTTP/1.1 204 No Content", healthzOn(held.get(0), false));
            try (Socket over = new Socket(url.getHost(), url.getPort())) {
                over.setSoTimeout(5_000);
                int first;
                try {
                    over.getOutputStream().write(request(true));
                    first = over.getInputStream().read();
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the connection over the cap was left open", e);
                } catch (IOException reset) {
                    first = -1;
                }
                assertEquals(-1, first, "the connection over the cap was served");
            }
            held.remove(0).close();
            String answer = "";
            // the server sees the close a moment later
            for (int attempt = 0; attempt < 50 && !answer.startsWith("HTTP/1.1 204"); attempt++) {
                Thread.sleep(100);
                try (Socket again = new Socket(url.getHost(), url.getPort())) {
                    answer = healthzOn(again, true);
                } catch (IOException closed) {
                    answer = "";
                }
            }
            assertTrue(answer.startsWith("HTTP/1.1 204"), "a freed slot was not served again: " + answer);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static byte[] request(boolean close) {
        return ("GET /v1.0/healthz HTTP/1.1\r\nHost: a\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String healthzOn(Socket s, boolean close) throws IOException {
        s.setSoTimeout(5_000);
        s.getOutputStream().write(request(close));
        byte[] buf = new byte[512];
        int n = s.getInputStream().read(buf);
        return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII).lines().findFirst().orElse("");
    }
}
