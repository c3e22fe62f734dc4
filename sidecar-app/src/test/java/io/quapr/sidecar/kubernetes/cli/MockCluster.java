package io.quapr.sidecar.kubernetes.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fresh fabric8 mock API server in CRUD mode per test, a bundle joined from the repository's
 * hand-written manifest sources as sidecar-app's build joins them (with {@link #GENERATED} in place
 * of what quarkus-kubernetes generates and merges {@code injector.yml} into, since the tests run
 * before Quarkus's build), and the {@code quaprd kubernetes} commands run against it with their
 * output captured.
 */
final class MockCluster implements AutoCloseable {

    /** The repository's manifest sources (the tests run in sidecar-app). */
    static final Path SOURCES = Path.of("../src/main/kubernetes");

    /** The injector's Deployment and Service, labelled as quarkus-kubernetes labels them. */
    static final String GENERATED = """
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: quapr-injector
              namespace: quapr-system
              labels:
                app.kubernetes.io/name: quapr-injector
                app.kubernetes.io/part-of: quapr
            spec:
              selector:
                app.kubernetes.io/name: quapr-injector
              ports:
                - name: https
                  port: 443
                  targetPort: 4000
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: quapr-injector
              namespace: quapr-system
              labels:
                app.kubernetes.io/name: quapr-injector
                app.kubernetes.io/part-of: quapr
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app.kubernetes.io/name: quapr-injector
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: quapr-injector
                    app.kubernetes.io/part-of: quapr
                spec:
                  serviceAccountName: quapr-injector
                  containers:
                    - name: quapr-injector
                      image: quapr/quapr:test
                      args:
                        - injector
            """;

    final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
            new KubernetesCrudDispatcher(), false);
    final KubernetesClient client;
    String out = "";
    String err = "";

    MockCluster() {
        server.init();
        client = server.createClient();
    }

    /** Serves cert-manager's two kinds, as a cluster with cert-manager installed does. */
    MockCluster withCertManager() {
        for (String kind : List.of("Issuer", "Certificate")) {
            server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup("cert-manager.io")
                    .withVersion("v1").withKind(kind).withPlural(kind.toLowerCase() + "s").withScope("Namespaced")
                    .build());
        }
        return this;
    }

    /** Runs {@code quaprd kubernetes <args>}; keeps what it printed in {@link #out} and {@link #err}. */
    int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = KubernetesCli.run(CliOptions.parse(args), client, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    /** The sources joined into {@code dir/kubernetes.yml}, the EKS overlay copied beside it. */
    static Path bundle(Path dir) {
        try (Stream<Path> files = Files.list(SOURCES.resolve("crds")); Stream<Path> top = Files.list(SOURCES)) {
            StringBuilder joined = new StringBuilder();
            for (Path f : Stream.concat(top, files).filter(p -> p.toString().endsWith(".yml"))
                    .filter(p -> !List.of("eks.yml", "injector.yml").contains(p.getFileName().toString())).sorted()
                    .toList()) {
                joined.append(Files.readString(f)).append('\n');
            }
            joined.append(GENERATED);
            Path bundle = dir.resolve("kubernetes.yml");
            Files.writeString(bundle, joined);
            Files.copy(SOURCES.resolve("eks.yml"), dir.resolve("eks.yml"));
            return bundle;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
