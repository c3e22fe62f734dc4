import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The "direct" side of a benchmark: an HTTP server on loopback that answers every request with a
 * fixed body from memory, the way an app holding its own state would. Measured against the
 * sidecar in the same run, the difference is what the sidecar adds.
 *
 * <p>Usage: {@code java DirectBaseline.java PORT BODY}
 */
public class DirectBaseline {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] body = args[1].getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("direct baseline on 127.0.0.1:" + port);
    }
}
