package io.quapr.components.pubsub.redis;

import io.quapr.components.redis.RedisCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Reads new entries of one stream for a subscription with {@code XREADGROUP ... BLOCK} on a
 * connection of its own: a blocked read must never hold a connection that other commands
 * (publishes, acknowledgements) wait behind. The connection comes from a client used for
 * nothing else, so closing it really closes the socket and unblocks the server side.
 *
 * <p>
 * When the connection fails (the server restarted, {@code CLIENT KILL}, a network fault) the
 * reader drops the client, waits with a doubling back-off and reads again with the same group
 * and consumer: entries read but not acknowledged before the failure stay in the group's
 * pending list and come back through the reclaimer; entries acknowledged are done. A group that
 * vanished (the server lost its data) is created again, as daprd does.
 */
final class StreamReader {

    private static final Logger LOG = Logger.getLogger(StreamReader.class);

    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    // beyond the block time, how long a read may take before the connection is presumed dead
    // (go-redis allows a blocking command its block time plus ten seconds)
    private static final Duration READ_GRACE = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final Supplier<RedisOptions> options;
    private final RedisCommands commands;
    private final StreamSubscription subscription;
    private final StreamSettings settings;
    private final String clientName;
    private final AtomicBoolean waitingForRoom = new AtomicBoolean();
    private volatile boolean stopped;

    // guarded by this
    private Redis client;
    private RedisConnection connection;
    private int failures;

    StreamReader(Vertx vertx, Supplier<RedisOptions> options, RedisCommands commands, StreamSubscription subscription,
            StreamSettings settings) {
        this.vertx = vertx;
        this.options = options;
        this.commands = commands;
        this.subscription = subscription;
        this.settings = settings;
        this.clientName = clientName(settings.consumerId(), subscription.topic());
    }

    /** {@code quapr-sub:<consumer>:<topic>}, with characters {@code CLIENT SETNAME} refuses replaced. */
    static String clientName(String consumer, String topic) {
        return ("quapr-sub:" + consumer + ":" + topic).replaceAll("[^\\x21-\\x7e]", "_");
    }

    void start() {
        next();
    }

    /** Called when entries left the buffer: resumes a read that was waiting for room. */
    void roomFreed() {
        if (waitingForRoom.compareAndSet(true, false)) {
            next();
        }
    }

    private void next() {
        if (stopped) {
            return;
        }
        int room = subscription.room();
        if (room <= 0) {
            waitingForRoom.set(true);
            // room may have been freed between the check and the flag: look once more
            if (subscription.room() <= 0 || !waitingForRoom.compareAndSet(true, false)) {
                return;
            }
            room = subscription.room();
        }
        Request read = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(settings.consumerId())
                .arg(settings.consumerId()).arg("COUNT").arg(room).arg("BLOCK").arg(settings.block().toMillis())
                .arg("STREAMS").arg(subscription.topic()).arg(">");
        Uni<Response> reply = connection().chain(c -> Uni.createFrom().completionStage(() -> c.send(read)
                .toCompletionStage()));
        if (!settings.block().isZero()) {
            reply = reply.ifNoItem().after(settings.block().plus(READ_GRACE)).fail();
        }
        reply.subscribe().with(this::received, this::failed);
    }

    private void received(Response reply) {
        int failed;
        synchronized (this) {
            failed = failures;
            failures = 0;
        }
        if (failed > 0) {
            LOG.infof("redis streams: reading %s again after %d failed attempts", subscription.topic(), failed);
        }
        subscription.offer(StreamEntries.fromRead(reply, subscription.topic()));
        next();
    }

    private void failed(Throwable e) {
        if (stopped) {
            return;
        }
        if (RedisCommands.isReply(e, "NOGROUP")) {
            LOG.warnf("redis streams: consumer group %s of stream %s is gone (the server lost its data, or the group"
                    + " was deleted); creating it again", settings.consumerId(), subscription.topic());
            ConsumerGroups.create(commands, subscription.topic(), settings.consumerId())
                    .subscribe().with(ok -> retryLater(e), err -> retryLater(err));
            return;
        }
        discardConnection();
        retryLater(e);
    }

    private void retryLater(Throwable cause) {
        int n;
        synchronized (this) {
            n = ++failures;
        }
        long delay = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(n - 1, 20));
        if (n == 1) {
            LOG.warnf("redis streams: reading %s failed, trying again with back-off: %s", subscription.topic(),
                    cause.getMessage());
        } else {
            LOG.debugf("redis streams: reading %s failed (attempt %d): %s", subscription.topic(), n,
                    cause.getMessage());
        }
        vertx.setTimer(delay, id -> next());
    }

    /** The reader's connection, opened (and named, for {@code CLIENT LIST}) when there is none. */
    private Uni<RedisConnection> connection() {
        Redis c;
        synchronized (this) {
            if (connection != null) {
                return Uni.createFrom().item(connection);
            }
            if (client == null) {
                client = Redis.createClient(vertx, options.get());
            }
            c = client;
        }
        return Uni.createFrom().completionStage(() -> c.connect().toCompletionStage())
                .call(conn -> Uni.createFrom()
                        .completionStage(() -> conn.send(Request.cmd(Command.CLIENT).arg("SETNAME").arg(clientName))
                                .toCompletionStage())
                        // a name is a convenience: a server or proxy that refuses it is still usable
                        .onFailure().recoverWithNull())
                .invoke(conn -> {
                    boolean keep;
                    synchronized (this) {
                        keep = !stopped && client == c;
                        if (keep) {
                            connection = conn;
                        }
                    }
                    if (!keep) {
                        c.close();
                        throw new IllegalStateException("the subscription was cancelled");
                    }
                    conn.exceptionHandler(err -> LOG.debugf("redis streams: reader connection of %s: %s",
                            subscription.topic(), err.getMessage()));
                });
    }

    /** Closes the client (and with it the socket) so the next read starts on a new connection. */
    private void discardConnection() {
        Redis c;
        synchronized (this) {
            c = client;
            client = null;
            connection = null;
        }
        if (c != null) {
            c.close();
        }
    }

    /** Stops reading: a read blocked at the server is ended by closing its connection. */
    Uni<Void> stop() {
        stopped = true;
        discardConnection();
        return Uni.createFrom().voidItem();
    }
}
