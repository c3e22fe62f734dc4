package io.quapr.sidecar.kubernetes.injector;

import io.quapr.sidecar.Version;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The injector's settings, {@code quapr.injector.*}. Injector mode starts no Quarkus application
 * (see {@link InjectorMode}), so these are read from system properties ({@code -Dquapr.injector.port=4000})
 * and then the environment under MicroProfile Config's names ({@code QUAPR_INJECTOR_PORT}), the
 * way Kubernetes manifests set them.
 *
 * @param sidecarImage {@code quapr.injector.sidecar-image}: the image of the injected
 *        {@code daprd} container (a pod's {@code dapr.io/sidecar-image} wins); default
 *        {@code quapr/quaprd:<runtime version>}
 * @param imagePullPolicy {@code quapr.injector.image-pull-policy}: the container's
 *        {@code imagePullPolicy}; default unset (Kubernetes' default for the tag)
 * @param nativeSidecars {@code quapr.injector.native-sidecars}: inject the sidecar as an init
 *        container with {@code restartPolicy: Always} (Kubernetes 1.29 and later), so it starts
 *        before the app and stops after it; {@code false} for older clusters (a regular
 *        container); default {@code true}
 * @param mtls {@code quapr.injector.mtls}: mount the cert-manager csi-driver-spiffe certificate
 *        into the sidecar and turn on {@code --enable-mtls}; default {@code false}
 * @param spiffeFsGroup {@code quapr.injector.mtls-fs-group}: the group csi-driver-spiffe gives the
 *        mounted files, so a non-root sidecar can read its key; default unset (the driver's own)
 * @param port {@code quapr.injector.port}: the HTTPS port of {@code POST /mutate}; default 4000
 * @param certFile {@code quapr.injector.tls-cert-file}: PEM certificate chain of the webhook
 *        (the {@code tls.crt} cert-manager writes into the Secret); default
 *        {@code /var/run/secrets/quapr/tls/tls.crt}
 * @param keyFile {@code quapr.injector.tls-key-file}: its private key; default
 *        {@code /var/run/secrets/quapr/tls/tls.key}
 * @param reloadInterval {@code quapr.injector.tls-reload-interval}: how often the two files are
 *        checked for a renewed certificate (seconds, or an ISO-8601 duration); default 5 s
 * @param appServices {@code quapr.injector.app-services}: keep an {@code <app-id>-dapr} Service for
 *        every Deployment and StatefulSet whose pods ask for the sidecar, as daprd's operator does
 *        ({@link DaprServiceController}; needs the API server and the injector's ClusterRole);
 *        default {@code true}
 * @param appServicesResync {@code quapr.injector.app-services-resync}: how often every workload is
 *        looked at again, so a Service deleted or changed by hand comes back (seconds, or an ISO-8601
 *        duration); default 10 min
 */
public record InjectorConfig(String sidecarImage, Optional<String> imagePullPolicy, boolean nativeSidecars,
        boolean mtls, Optional<String> spiffeFsGroup, int port, String certFile, String keyFile,
        Duration reloadInterval, boolean appServices, Duration appServicesResync) {

    /** The image when none is configured: this build's runtime version. */
    public static final String DEFAULT_IMAGE = "quapr/quaprd:" + Version.RUNTIME;

    /** Every key at its default. */
    public static InjectorConfig defaults() {
        return from(k -> null);
    }

    /** The settings from system properties, then environment variables. */
    public static InjectorConfig fromSystem() {
        return from(k -> Optional.ofNullable(System.getProperty(k)).orElseGet(() -> System.getenv(envName(k))));
    }

    /**
     * The settings from a look-up of {@code quapr.injector.*} keys.
     *
     * @param lookup a key's value, or null when unset
     * @throws IllegalArgumentException naming a key whose value does not parse
     */
    public static InjectorConfig from(Function<String, String> lookup) {
        Function<String, Optional<String>> get = k -> Optional.ofNullable(lookup.apply("quapr.injector." + k))
                .map(String::trim).filter(s -> !s.isEmpty());
        return new InjectorConfig(get.apply("sidecar-image").orElse(DEFAULT_IMAGE),
                get.apply("image-pull-policy"),
                bool("native-sidecars", get.apply("native-sidecars"), true),
                bool("mtls", get.apply("mtls"), false),
                get.apply("mtls-fs-group"),
                get.apply("port").map(v -> integer("port", v)).orElse(4000),
                get.apply("tls-cert-file").orElse("/var/run/secrets/quapr/tls/tls.crt"),
                get.apply("tls-key-file").orElse("/var/run/secrets/quapr/tls/tls.key"),
                get.apply("tls-reload-interval").map(v -> duration("tls-reload-interval", v))
                        .orElse(Duration.ofSeconds(5)),
                bool("app-services", get.apply("app-services"), true),
                get.apply("app-services-resync").map(v -> duration("app-services-resync", v))
                        .orElse(Duration.ofMinutes(10)));
    }

    /** MicroProfile Config's environment name of a key: upper case, other characters {@code _}. */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static boolean bool(String key, Optional<String> v, boolean fallback) {
        return v.map(s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new IllegalArgumentException("quapr.injector." + key + ": \"" + s + "\" is not true or false");
        }).orElse(fallback);
    }

    private static int integer(String key, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("quapr.injector." + key + ": \"" + v + "\" is not an integer");
        }
    }

    private static Duration duration(String key, String v) {
        try {
            return v.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("quapr.injector." + key + ": \"" + v + "\" is not a duration");
        }
    }
}
