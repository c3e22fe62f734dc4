package io.quapr.components.rabbitmq;

import io.quapr.spi.MetadataException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where the broker is and who we are to it, read from either an AMQP URI
 * ({@code connectionString}) or Dapr's separate {@code protocol}, {@code hostname},
 * {@code username} and {@code password} keys.
 *
 * <p>
 * URIs are read the way daprd's Go AMQP library reads them rather than the way the Java client
 * does, so one connection string means the same broker to both: a missing or bare {@code /}
 * path is the default virtual host {@code /} (the Java client would take {@code ""}), and
 * missing credentials are {@code guest}/{@code guest}.
 *
 * @param tls whether the scheme is {@code amqps}
 * @param host the host name or address
 * @param port the port (5672, or 5671 for {@code amqps}, when not given)
 * @param username the user
 * @param password the password
 * @param virtualHost the virtual host
 */
public record BrokerAddress(boolean tls, String host, int port, String username, String password, String virtualHost) {

    static final String AMQP = "amqp";
    static final String AMQPS = "amqps";
    private static final String DEFAULT_USER = "guest";

    /** Reads {@code amqp[s]://[user[:password]@]host[:port][/vhost]}. */
    public static BrokerAddress parse(String connectionString) {
        URI uri;
        try {
            uri = new URI(connectionString.trim());
        } catch (URISyntaxException e) {
            throw new MetadataException("invalid connection string: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals(AMQP) && !scheme.equals(AMQPS)) {
            throw new MetadataException("connection string must start with amqp:// or amqps://");
        }
        if (uri.getHost() == null) {
            throw new MetadataException("connection string names no host");
        }
        boolean tls = scheme.equals(AMQPS);
        String user = DEFAULT_USER;
        String password = DEFAULT_USER;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        String path = uri.getRawPath();
        String vhost = path == null || path.length() <= 1 ? "/" : decode(path.substring(1));
        return new BrokerAddress(tls, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : defaultPort(tls), user,
                password, vhost);
    }

    /**
     * Builds an address from separate keys, as daprd does when no connection string is set.
     *
     * @param protocol {@code amqp} or {@code amqps}
     * @param hostname {@code host} or {@code host:port}
     */
    static BrokerAddress of(String protocol, String hostname, String username, String password) {
        String scheme = protocol.toLowerCase(Locale.ROOT);
        if (!scheme.equals(AMQP) && !scheme.equals(AMQPS)) {
            throw new MetadataException("protocol must be amqp or amqps, not '" + protocol + "'");
        }
        boolean tls = scheme.equals(AMQPS);
        String host = hostname;
        int port = defaultPort(tls);
        int colon = hostname.lastIndexOf(':');
        if (colon > 0 && hostname.indexOf(':') == colon) {
            host = hostname.substring(0, colon);
            try {
                port = Integer.parseInt(hostname.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new MetadataException("hostname '" + hostname + "' has an invalid port");
            }
        }
        // daprd puts no credentials in the URI without a username; its client then logs in as guest
        String user = username.isEmpty() ? DEFAULT_USER : username;
        String pass = username.isEmpty() ? DEFAULT_USER : password;
        return new BrokerAddress(tls, host, port, user, pass, "/");
    }

    private static int defaultPort(boolean tls) {
        return tls ? 5671 : 5672;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        // the password stays out of logs and error messages
        return (tls ? AMQPS : AMQP) + "://" + username + "@" + host + ":" + port
                + (virtualHost.equals("/") ? "" : "/" + virtualHost);
    }
}
