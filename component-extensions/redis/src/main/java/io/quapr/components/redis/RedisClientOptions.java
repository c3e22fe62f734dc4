package io.quapr.components.redis;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Maps {@link RedisSettings} onto the Vert.x Redis client's options. */
public final class RedisClientOptions {

    private RedisClientOptions() {
    }

    /** The options for one component's client. */
    public static RedisOptions of(RedisSettings s) {
        RedisOptions options = new RedisOptions()
                .setType(s.cluster()
                        ? RedisClientType.CLUSTER
                        : s.sentinelMaster() != null ? RedisClientType.SENTINEL : RedisClientType.STANDALONE)
                .setMaxPoolSize(s.poolSize())
                // waiting for a connection is bounded by the command deadline, not by a queue
                // length: a bulk request may well queue more commands than the pool has connections
                // (the sentinel and cluster clients refuse -1, "unbounded")
                .setMaxPoolWaiting(Integer.MAX_VALUE)
                .setPoolRecycleTimeout(millisOrNever(s.idleTimeout()))
                .setPoolCleanerInterval(millisOrNever(s.idleCheckFrequency()))
                .setNetClientOptions(netOptions(s));
        if (s.sentinelMaster() != null) {
            options.setMasterName(s.sentinelMaster()).setRole(RedisRole.MASTER);
        }
        for (String address : s.addresses()) {
            options.addConnectionString(connectionString(s, address));
        }
        return options;
    }

    /**
     * {@code redis[s]://[user:password@]host:port/db}; the credentials are URL-encoded, which
     * the client decodes, so any character may appear in them.
     */
    public static String connectionString(RedisSettings s, String address) {
        StringBuilder uri = new StringBuilder(s.tls() ? "rediss://" : "redis://");
        if (s.username() != null || s.password() != null) {
            if (s.username() != null) {
                uri.append(encode(s.username()));
            }
            if (s.password() != null) {
                uri.append(':').append(encode(s.password()));
            }
            uri.append('@');
        }
        uri.append(address);
        if (!s.cluster()) {
            uri.append('/').append(s.db());
        }
        return uri.toString();
    }

    private static NetClientOptions netOptions(RedisSettings s) {
        NetClientOptions net = new NetClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, s.dialTimeout().toMillis()))
                .setTcpKeepAlive(true);
        if (s.tls()) {
            net.setSsl(true);
            if (s.insecureSkipTlsVerify()) {
                net.setTrustAll(true);
            } else {
                // Vert.x checks no host name unless asked; a verified connection must
                net.setHostnameVerificationAlgorithm("HTTPS");
            }
            if (s.clientCert() != null) {
                net.setKeyCertOptions(new PemKeyCertOptions()
                        .setCertValue(Buffer.buffer(s.clientCert()))
                        .setKeyValue(Buffer.buffer(s.clientKey())));
            }
        }
        return net;
    }

    private static int millisOrNever(Duration d) {
        return d == null ? -1 : (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    private static String encode(String s) {
        // the client decodes with URLDecoder, which reads '+' as a space: write spaces as %20
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
