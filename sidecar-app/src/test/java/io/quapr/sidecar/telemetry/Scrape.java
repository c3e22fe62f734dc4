package io.quapr.sidecar.telemetry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Reads the sidecar's {@code /metrics} over HTTP, as Prometheus would, and finds series in it. */
public record Scrape(int status, String contentType, String text) {

    /**
     * HTTP/1.1, as Prometheus scrapes: the JDK client's default first asks for an h2c upgrade,
     * and a scrape on that path once hung a full test run.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Scrapes {@code /metrics} on the given port. */
    public static Scrape of(int port) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/metrics")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Scrape(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The series lines of one metric name (exactly that name, not its _bucket/_sum/_count). */
    public List<String> series(String name) {
        return text.lines().filter(l -> l.startsWith(name + "{")).toList();
    }

    /** The value of the one series of {@code name} whose labels include every {@code label="value"} given. */
    public double value(String name, String... labels) {
        List<String> found = text.lines().filter(l -> l.startsWith(name + "{"))
                .filter(l -> {
                    for (String label : labels) {
                        if (!l.contains(label)) {
                            return false;
                        }
                    }
                    return true;
                }).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one series " + name + " with " + List.of(labels) + ", found " + found
                    + " in\n" + text);
        }
        String line = found.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
