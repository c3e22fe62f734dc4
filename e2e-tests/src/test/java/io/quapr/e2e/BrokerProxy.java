package io.quapr.e2e;

import io.quapr.testsupport.net.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy between a sidecar and a shared broker (Redis, RabbitMQ), so a test can
 * take the broker away from the sidecar without stopping the server other tests and helpers
 * use. {@link #down} drops every proxied connection mid-stream, as a crashing broker does, and
 * stops listening, so new connections are refused as by a broker that is down; {@link #up}
 * listens again on the same port, as the restarted broker does.
 *
 * <p>Plain blocking sockets, two pump threads per connection: a test's handful of connections.
 */
final class BrokerProxy implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private ServerSocket listener;

    /**
     * Listens on a free loopback port, forwarding to {@code targetPort} of 127.0.0.1. The port is
     * below the ephemeral range, so no other socket is given it while the broker is "down".
     */
    BrokerProxy(int targetPort) {
        this.targetPort = targetPort;
        this.port = LoopbackPorts.next();
        this.listener = listen(port);
    }

    /** The port the sidecar is given instead of the broker's. */
    int port() {
        return port;
    }

    /** Connections let through so far. */
    int accepted() {
        return accepted.get();
    }

    /** The broker "goes down": every proxied connection is dropped, new ones are refused. */
    synchronized void down() {
        closeQuietly(listener);
        listener = null;
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0); // a reset, as from a crashed broker, rather than a clean close
            } catch (IOException e) {
                // already closed
            }
            closeQuietly(s);
        }
        sockets.clear();
    }

    /** The broker "is back": the same port accepts connections again. */
    synchronized void up() {
        if (listener == null) {
            listener = listen(port);
        }
    }

    private ServerSocket listen(int onPort) {
        ServerSocket s;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
                break;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new UncheckedIOException("the broker proxy cannot listen on port " + onPort, e);
                }
                TestHttp.sleep(50);
            }
        }
        ServerSocket accepting = s;
        Thread t = new Thread(() -> accept(accepting), "broker-proxy-accept-" + port);
        t.setDaemon(true);
        t.start();
        return s;
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            Socket in;
            try {
                in = server.accept();
            } catch (IOException e) {
                return; // closed by down() or close()
            }
            try {
                Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                sockets.add(in);
                sockets.add(out);
                accepted.incrementAndGet();
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                closeQuietly(in);
            }
        }
    }

    /** Copies one direction until either side closes, then closes both. */
    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // one side went away: the other goes too, as with a broken connection
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "broker-proxy-pump-" + port);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }

    @Override
    public void close() {
        down();
    }
}
