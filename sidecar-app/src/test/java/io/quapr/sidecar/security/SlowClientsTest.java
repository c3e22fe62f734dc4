package io.quapr.sidecar.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Thousands of clients that connect and send nothing, half a request line or part of a body do
 * not starve the sidecar: {@code healthz} still answers within 100 ms while they are open, and the
 * timeouts close them (here shortened from 60 s and 10 s to 2 s): the idle timeout those that send
 * nothing more, the request head deadline those that trickle their head a byte at a time.
 */
@QuarkusTest
@TestProfile(SlowClientsTest.ShortTimeouts.class)
class SlowClientsTest {

    private static final int SLOW_CLIENTS = 5_000;

    /** The production timeouts, shortened so the test waits seconds, not minutes. */
    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "2S", "quarkus.grpc.server.handshake-timeout", "2S",
                    "quapr.read-header-timeout", "3s");
        }
    }

    @TestHTTPResource("/")
    URL url;

    @Test
    void healthzAnswersFastWhileThousandsOfSlowClientsHoldConnectionsAndTheyAreClosed() throws Exception {
        int grpcPort = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        if (grpcPort == 0) {
            grpcPort = ConfigProvider.getConfig().getValue("quarkus.grpc.server.port", Integer.class);
        }
        List<Socket> slow = new ArrayList<>(SLOW_CLIENTS);
        List<Socket> trickling = new CopyOnWriteArrayList<>();
        // trickling clients send a byte of their request head every half second: never idle for the
        // idle timeout (2 s), they are closed by the head deadline (3 s)
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        trickle.scheduleAtFixedRate(() -> {
            for (Socket s : trickling) {
                try {
                    s.getOutputStream().write('x');
                } catch (IOException closed) {
                    trickling.remove(s);
                }
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        try {
            byte[][] openings = { new byte[0], "GET /v1.0/healt".getBytes(StandardCharsets.US_ASCII),
                    ("POST /v1.0/state/statestore HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n[{\"key\"")
                            .getBytes(StandardCharsets.US_ASCII) };
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                // one in ten on the gRPC port, sending nothing (no HTTP/2 preface)
                boolean grpc = i % 10 == 9;
                Socket s = new Socket(url.getHost(), grpc ? grpcPort : url.getPort());
                boolean trickles = i % 10 == 4;
                byte[] opening = grpc
                        ? new byte[0]
                        : trickles
                                ? "GET /v1.0/healthz HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII)
                                : openings[i % openings.length];
                if (opening.length > 0) {
                    s.getOutputStream().write(opening);
                }
                slow.add(s);
                if (trickles) {
                    trickling.add(s);
                }
            }
            long[] millis = new long[5];
            for (int i = 0; i < millis.length; i++) {
                long start = System.nanoTime();
                assertEquals("HTTP/1.1 204 No Content", healthz());
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            Arrays.sort(millis);
            // a server held up by the slow clients answers after their 2-3 s deadlines; 500 ms leaves
            // room for a busy CI machine and still tells the two apart
            assertTrue(millis[millis.length / 2] < 500, "healthz took " + Arrays.toString(millis) + " ms");

            long deadline = System.nanoTime() + 20_000_000_000L;
            for (Socket s : slow) {
                assertTrue(closedByServer(s, deadline), "a slow connection was left open: " + s);
            }
        } finally {
            trickle.shutdownNow();
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    private String healthz() throws IOException {
        try (Socket s = new Socket(url.getHost(), url.getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write("GET /v1.0/healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return answer.lines().findFirst().orElse("");
        }
    }

    /** Reads until the server closes (end of stream or reset); false when the deadline passes first. */
    private static boolean closedByServer(Socket s, long deadline) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[1024];
        while (System.nanoTime() < deadline) {
            s.setSoTimeout((int) Math.max(1, Math.min(1_000, (deadline - System.nanoTime()) / 1_000_000)));
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                // keep waiting
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }
}
