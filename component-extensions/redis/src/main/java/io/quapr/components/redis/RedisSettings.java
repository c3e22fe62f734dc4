package io.quapr.components.redis;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.GoDuration;
import io.quapr.spi.MetadataException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The connection settings of one Redis component ({@code state.redis}, {@code pubsub.redis},
 * {@code configuration.redis}, {@code lock.redis}),
 * read from its metadata the way daprd's shared Redis settings read them (components-contrib
 * {@code common/component/redis/settings.go} and {@code redis.go}): the same keys, durations
 * where a bare integer means milliseconds rather than seconds, and the per-block defaults daprd
 * applies before decoding (see {@link #forStateStore}, {@link #forPubSub} and
 * {@link #forConfigurationStore}).
 *
 * @param addresses {@code host:port} of every server named by {@code redisHost} (one for a
 *        node, several for a cluster or a set of sentinels)
 * @param username the ACL user, or {@code null}
 * @param password the password, or {@code null}
 * @param db the database selected after connecting (ignored by a cluster)
 * @param cluster whether {@code redisType} is {@code cluster}
 * @param sentinelMaster the master name to ask the sentinels for when {@code failover} is on,
 *        else {@code null}
 * @param tls whether to connect with TLS
 * @param insecureSkipTlsVerify whether to accept any server certificate
 * @param clientCert PEM client certificate for mutual TLS, or {@code null}
 * @param clientKey PEM key of {@link #clientCert}, or {@code null}
 * @param maxRetries how many times a command failing on the connection is retried (0 = never)
 * @param minRetryBackoff the first retry delay; {@code null} retries at once
 * @param maxRetryBackoff the longest retry delay; {@code null} retries at once
 * @param dialTimeout how long establishing a connection may take
 * @param commandTimeout how long one command attempt may take; {@code null} for no limit
 * @param poolSize the most connections the client opens
 * @param idleTimeout how long an unused connection is kept; {@code null} keeps it forever
 * @param idleCheckFrequency how often idle connections are looked for; {@code null} never
 */
public record RedisSettings(List<String> addresses, String username, String password, int db, boolean cluster,
        String sentinelMaster, boolean tls, boolean insecureSkipTlsVerify, String clientCert, String clientKey,
        int maxRetries, Duration minRetryBackoff, Duration maxRetryBackoff, Duration dialTimeout,
        Duration commandTimeout, int poolSize, Duration idleTimeout, Duration idleCheckFrequency) {

    private static final int DEFAULT_PORT = 6379;

    /**
     * These settings for the context the component runs in: when the sidecar retries its
     * operations under a Resiliency policy ({@link ComponentContext#sidecarRetries()}), the
     * client's own retries ({@code redisMaxRetries}) are turned off, so that a policy of 3
     * retries means 4 attempts, not 16.
     */
    public RedisSettings in(ComponentContext context) {
        if (!context.sidecarRetries() || maxRetries == 0) {
            return this;
        }
        return new RedisSettings(addresses, username, password, db, cluster, sentinelMaster, tls,
                insecureSkipTlsVerify, clientCert, clientKey, 0, minRetryBackoff, maxRetryBackoff, dialTimeout,
                commandTimeout, poolSize, idleTimeout, idleCheckFrequency);
    }

    /**
     * Reads a state store's (or lock store's) settings. daprd gives state stores (and locks) 3 retries at least
     * 2s apart, which go-redis caps at its 512ms maximum, and still reads the legacy keys
     * {@code maxRetries} and {@code maxRetryBackoff} (nanoseconds).
     *
     * @throws MetadataException naming the first key whose value cannot be used
     */
    public static RedisSettings forStateStore(ComponentMetadata md) {
        return read(md, Duration.ofSeconds(2), Duration.ofMillis(512), true);
    }

    /**
     * Reads a pub/sub component's settings: go-redis's own retry defaults (3 retries, 8ms
     * doubling to 512ms), and no legacy keys.
     *
     * @throws MetadataException naming the first key whose value cannot be used
     */
    public static RedisSettings forPubSub(ComponentMetadata md) {
        return read(md, Duration.ofMillis(8), Duration.ofMillis(512), false);
    }

    /**
     * Reads a configuration store's settings: daprd's legacy defaults for them, 3 retries 8ms
     * doubling to 2s apart, and no legacy keys.
     *
     * @throws MetadataException naming the first key whose value cannot be used
     */
    public static RedisSettings forConfigurationStore(ComponentMetadata md) {
        return read(md, Duration.ofMillis(8), Duration.ofSeconds(2), false);
    }

    private static RedisSettings read(ComponentMetadata md, Duration defaultMinBackoff, Duration defaultMaxBackoff,
            boolean legacyRetryKeys) {
        String type = md.string("redisType", "node").toLowerCase(Locale.ROOT);
        if (!type.equals("node") && !type.equals("cluster")) {
            throw new MetadataException("metadata key 'redisType' must be 'node' or 'cluster', not '" + type + "'");
        }
        boolean failover = md.bool("failover", false);
        String master = md.get("sentinelMasterName").orElse(null);
        if (failover && master == null) {
            throw new MetadataException("metadata key 'sentinelMasterName' is required when 'failover' is true");
        }
        String clientCert = md.get("clientCert").orElse(null);
        String clientKey = md.get("clientKey").orElse(null);
        if ((clientCert == null) != (clientKey == null)) {
            throw new MetadataException("metadata keys 'clientCert' and 'clientKey' must be set together");
        }

        // for go-redis 0 retries means "the default" (3), -1 means "never"
        int retries = md.integer("redisMaxRetries", legacyRetryKeys ? md.integer("maxRetries", 3) : 3);
        retries = retries == 0 ? 3 : Math.max(retries, 0);
        Optional<Duration> minBackoff = redisDuration(md, "redisMinRetryInterval");
        if (minBackoff.isEmpty() && legacyRetryKeys && md.get("maxRetryBackoff").isPresent()) {
            // the legacy key is a count of nanoseconds, as daprd reads it
            minBackoff = Optional.of(Duration.ofNanos(md.longValue("maxRetryBackoff", 0)));
        }
        Duration min = positive(minBackoff.orElse(defaultMinBackoff));
        Duration max = positive(redisDuration(md, "redisMaxRetryInterval").orElse(defaultMaxBackoff));

        Duration read = redisDuration(md, "readTimeout").orElse(Duration.ZERO);
        Duration commandTimeout = read.isZero() ? Duration.ofSeconds(3) : positive(read);
        Duration dial = redisDuration(md, "dialTimeout").filter(d -> d.toMillis() > 0).orElse(Duration.ofSeconds(5));
        int poolSize = md.integer("poolSize", 0);
        if (poolSize <= 0) {
            poolSize = 10 * Runtime.getRuntime().availableProcessors();
        }
        Duration idle = positive(redisDuration(md, "idleTimeout").orElse(Duration.ofMinutes(5)));
        Duration idleCheck = positive(redisDuration(md, "idleCheckFrequency").orElse(Duration.ofMinutes(1)));

        return new RedisSettings(addresses(md.required("redisHost"), md.integer("redisPort", 0)),
                md.get("redisUsername").orElse(null), md.get("redisPassword").orElse(null),
                type.equals("cluster") ? 0 : md.integer("redisDB", 0), type.equals("cluster"),
                failover ? master : null, md.bool("enableTLS", false), md.bool("insecureSkipTLSVerify", false),
                clientCert, clientKey, retries, min, max, dial, commandTimeout, poolSize, idle, idleCheck);
    }

    /**
     * Splits {@code redisHost} on commas and gives each address a port: its own, else
     * {@code redisPort}, else 6379. An address whose own port differs from {@code redisPort} is
     * refused, as daprd refuses it.
     */
    public static List<String> addresses(String hosts, int port) {
        List<String> out = new ArrayList<>();
        for (String raw : hosts.split(",")) {
            String addr = raw.trim();
            if (addr.isEmpty()) {
                continue;
            }
            int colon = addr.lastIndexOf(':');
            boolean hasPort = colon > addr.lastIndexOf(']') && (addr.startsWith("[") || addr.indexOf(':') == colon);
            if (hasPort) {
                String own = addr.substring(colon + 1);
                if (port != 0 && !own.equals(Integer.toString(port))) {
                    throw new MetadataException("redis host '" + addr + "' already contains port " + own
                            + ", but redisPort is set to " + port
                            + "; either remove the port from redisHost or remove the redisPort setting");
                }
                out.add(addr);
            } else {
                String host = addr.indexOf(':') >= 0 && !addr.startsWith("[") ? "[" + addr + "]" : addr;
                out.add(host + ":" + (port == 0 ? DEFAULT_PORT : port));
            }
        }
        if (out.isEmpty()) {
            throw new MetadataException("metadata key 'redisHost' names no host");
        }
        return List.copyOf(out);
    }

    /**
     * A duration as daprd's Redis settings read it: a bare integer is milliseconds (negative:
     * "disabled", returned as a negative duration), anything else a Go duration.
     */
    public static Optional<Duration> redisDuration(ComponentMetadata md, String key) {
        Optional<String> v = md.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String text = v.get();
        try {
            if (text.matches("-?\\d+")) {
                long n = Long.parseLong(text);
                return Optional.of(n < 0 ? Duration.ofNanos(n) : Duration.ofMillis(n));
            }
            return Optional.of(GoDuration.parse(text));
        } catch (IllegalArgumentException e) {
            throw new MetadataException("metadata key '" + key + "' is not a duration: '" + text + "'", e);
        }
    }

    /** {@code null} for a negative or zero duration (the "disabled" spelling), else the duration. */
    private static Duration positive(Duration d) {
        return d.isNegative() || d.isZero() ? null : d;
    }
}
