package io.quapr.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The brokers the same pub/sub tests run against. Each is one folder under
 * {@code src/test/resources/pubsub/} holding one Component named {@code pubsub} and a declarative
 * {@code Subscription}: swapping the broker is an edit of that YAML. The tokens
 * {@code E2E_RUN_ID} and {@code E2E_APP_ID} in those files are replaced per run (copies under
 * {@code target/}), so topics, consumer groups and queues are new on every run and whatever
 * earlier runs left on a shared broker never reaches the tests.
 *
 * <p>{@code pubsub.aws.snssqs} runs against moto (SNS, SQS and STS on one endpoint, with real
 * SNS-to-SQS fan-out).
 */
enum TestBroker {

    IN_MEMORY("in-memory", null, 0),
    REDIS("redis", "redis", 6379),
    KAFKA("kafka", "kafka", 9092),
    RABBITMQ("rabbitmq", "rabbitmq", 5672),
    AWS_SNSSQS("aws-snssqs", "pubsub.aws.snssqs", "moto", 5000);

    /** What every pub/sub component in these tests is named ({@code metadata.name}). */
    static final String NAME = "pubsub";

    private final String folder;
    private final String type;
    private final String service;
    private final int port;

    TestBroker(String folder, String service, int port) {
        this(folder, "pubsub." + folder, service, port);
    }

    TestBroker(String folder, String type, String service, int port) {
        this.folder = folder;
        this.type = type;
        this.service = service;
        this.port = port;
    }

    /**
     * Fails at once, saying how to start it, when the broker's loopback port does not accept
     * connections (the sidecar would otherwise fail its start-up after the component's init
     * timeout, with the client's retries as the only clue).
     */
    void requireReachable() {
        if (service == null) {
            return;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        } catch (IOException e) {
            throw new IllegalStateException(folder + " is not reachable on 127.0.0.1:" + port
                    + " (start it with scripts/services.sh start " + service + "): " + e);
        }
    }

    /** The broker's loopback port (0 for none). */
    int port() {
        return port;
    }

    /** The folder name, used in test names, logs and app ids. */
    String id() {
        return folder;
    }

    /** This broker's app id for this run. */
    String appId() {
        return appId("");
    }

    /** The app id of a variant of this run ({@code ""} for the main one). */
    String appId(String variant) {
        return "e2e-pubsub-" + folder + "-" + E2e.RUN + (variant.isEmpty() ? "" : "-" + variant);
    }

    /** A topic name of this run. */
    static String topic(String name) {
        return "e2e-" + E2e.RUN + "-" + name;
    }

    /**
     * The resources folder for {@code --resources-path}: this broker's YAML with this run's ids
     * put in, written under {@code target/pubsub-resources/}.
     */
    Path resources() {
        return resources("");
    }

    /**
     * The resources folder of a variant of this run ({@code ""} for the main one): its own
     * consumer group, declared topic and {@link #appId(String) app id}, so that a second sidecar
     * of the same run shares nothing with the first on the broker.
     */
    Path resources(String variant) {
        String run = variant.isEmpty() ? E2e.RUN : E2e.RUN + "-" + variant;
        String appId = appId(variant);
        Path source = E2e.resources("pubsub/" + folder);
        Path dir = E2e.target().resolve("pubsub-resources").resolve(folder + "-" + run);
        try {
            Files.createDirectories(dir);
            try (var files = Files.list(source)) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f).replace("E2E_RUN_ID", run).replace("E2E_APP_ID", appId);
                    Files.writeString(dir.resolve(f.getFileName()), text);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the resources of " + folder + " to " + dir, e);
        }
        return dir;
    }

    /**
     * The resources folder of a variant ({@link #resources(String)}) with this broker's loopback
     * address {@code 127.0.0.1:<port>} replaced by {@code 127.0.0.1:<proxyPort>}: the sidecar
     * reaches the broker through a {@link BrokerProxy} only.
     */
    Path resourcesThrough(String variant, int proxyPort) {
        Path dir = resources(variant);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.writeString(f, Files.readString(f).replace("127.0.0.1:" + port, "127.0.0.1:" + proxyPort));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot point the resources in " + dir + " at port " + proxyPort, e);
        }
        return dir;
    }

    /**
     * Adds metadata items to the Component of a resources folder (its {@code pubsub.yaml}, whose
     * {@code spec.metadata} list is the file's last part): settings one test needs on top of the
     * broker's YAML.
     */
    static void addMetadata(Path dir, Map<String, String> items) {
        Path file = dir.resolve("pubsub.yaml");
        StringBuilder added = new StringBuilder();
        items.forEach((name, value) -> added.append("    - name: ").append(name).append("\n      value: \"")
                .append(value).append("\"\n"));
        try {
            String text = Files.readString(file);
            Files.writeString(file, (text.endsWith("\n") ? text : text + "\n") + added);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add metadata to " + file, e);
        }
    }

    /** The Component's {@code spec.type}. */
    String type() {
        return type;
    }
}
