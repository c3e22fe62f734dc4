package io.quapr.testsupport.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for a sidecar to listen on later, handed out below the kernel's ephemeral range.
 *
 * <p>A port found with {@code new ServerSocket(0)} is an ephemeral one: between the moment the test
 * closes it and the moment a sidecar binds it, any process (the sidecar itself, binding its
 * internal gRPC or metrics server on port 0) may be given the same port, and the sidecar then
 * fails with "Address already in use". Ports below {@code ip_local_port_range} are never given
 * out by the kernel for port 0, so only another explicit bind can take them; each is handed out
 * once per test JVM and checked free before it is returned.
 */
public final class LoopbackPorts {

    /** Where Linux's ephemeral range starts by default, when {@code /proc} does not say. */
    private static final int DEFAULT_EPHEMERAL_LOW = 32768;

    /** The lowest port handed out: above the well-known and most registered service ports. */
    private static final int LOWEST = 15000;

    private static final int HIGHEST = ephemeralLow() - 1;

    /** The next port to try; starts at a random place so two test JVMs rarely walk the same ports. */
    private static final AtomicInteger NEXT = new AtomicInteger(
            LOWEST + ThreadLocalRandom.current().nextInt(Math.max(1, HIGHEST - LOWEST)));

    private LoopbackPorts() {
    }

    /** A loopback port nobody listens on now, never handed out before by this JVM. */
    public static int next() {
        int span = HIGHEST - LOWEST + 1;
        for (int tries = 0; tries < span; tries++) {
            int port = LOWEST + Math.floorMod(NEXT.getAndIncrement() - LOWEST, span);
            if (isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port in " + LOWEST + "-" + HIGHEST);
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range ({@code ip_local_port_range}). */
    private static int ephemeralLow() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (!Files.isReadable(range)) {
            return DEFAULT_EPHEMERAL_LOW;
        }
        try {
            int low = Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]);
            // a range starting this low leaves no room below it: keep to the default split
            return low > LOWEST + 1000 ? low : DEFAULT_EPHEMERAL_LOW;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + range, e);
        }
    }
}
