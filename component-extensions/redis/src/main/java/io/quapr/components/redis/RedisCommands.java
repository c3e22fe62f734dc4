package io.quapr.components.redis;

import io.quapr.spi.Causes;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Duration;
import java.util.List;

/**
 * Sends commands on one Vert.x Redis client with the deadline and retries the component's
 * metadata asks for ({@code readTimeout}, {@code redisMaxRetries}, the retry intervals), the way
 * go-redis applies them under daprd: a command that fails on the connection, or on a reply
 * saying the server is busy failing over, is sent again after a back-off; a command the server
 * refused for what it is never is.
 */
public final class RedisCommands {

    // replies go-redis also treats as "try again": the server is loading or switching roles
    private static final List<String> TRANSIENT_REPLIES = List.of("LOADING", "READONLY", "CLUSTERDOWN", "TRYAGAIN",
            "MASTERDOWN");

    private final Redis redis;
    private final RedisSettings settings;

    /** Commands on this client, with the deadline and retries of these settings. */
    public RedisCommands(Redis redis, RedisSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    /**
     * Checks the server answers ({@code PING}), as a component's init does; a failure names the
     * component, the addresses and the cause.
     *
     * @param component how the component calls itself in messages ({@code redis store})
     */
    public Uni<Response> ping(String component) {
        return send(Request.cmd(Command.PING)).onFailure().transform(e -> new IllegalStateException(component
                + ": error connecting to redis at " + String.join(",", settings.addresses()) + ": "
                + Causes.describe(e), e));
    }

    /** How many replicas follow the server ({@code INFO replication}'s {@code connected_slaves}). */
    public Uni<Integer> connectedReplicas() {
        return send(Request.cmd(Command.INFO).arg("replication")).map(info -> {
            for (String line : info.toString().split("\r?\n")) {
                if (line.startsWith("connected_slaves:")) {
                    return Integer.parseInt(line.substring("connected_slaves:".length()).trim());
                }
            }
            return 0;
        });
    }

    /** Sends one command; a failed {@code Uni} carries the server's error reply or the I/O error. */
    public Uni<Response> send(Request request) {
        Uni<Response> once = Uni.createFrom().completionStage(() -> redis.send(request).toCompletionStage());
        if (settings.commandTimeout() != null) {
            once = once.ifNoItem().after(settings.commandTimeout()).fail();
        }
        if (settings.maxRetries() == 0) {
            return once;
        }
        var retry = once.onFailure(RedisCommands::retryable).retry();
        Duration min = settings.minRetryBackoff();
        Duration max = settings.maxRetryBackoff();
        if (min == null || max == null) {
            return retry.atMost(settings.maxRetries());
        }
        // go-redis never waits longer than the maximum, even when the minimum is larger
        return retry.withBackOff(min.compareTo(max) > 0 ? max : min, max).atMost(settings.maxRetries());
    }

    /**
     * Runs a script by its SHA-1, sending its text only when the server has not cached it (after
     * a restart, or on a node of a cluster that never ran it).
     */
    public Uni<Response> eval(LuaScript script, List<String> keys, List<byte[]> args) {
        return send(scriptRequest(Command.EVALSHA, script.sha1(), keys, args))
                .onFailure(e -> isReply(e, "NOSCRIPT"))
                .recoverWithUni(() -> send(scriptRequest(Command.EVAL, script.source(), keys, args)));
    }

    private static Request scriptRequest(Command command, String script, List<String> keys, List<byte[]> args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }

    /**
     * Whether a failure is worth sending the command again: the connection failed (not a reply,
     * and not our own deadline, after which a write may well have been applied), or the server
     * answered that it cannot serve right now.
     */
    public static boolean retryable(Throwable e) {
        if (isReply(e, "")) {
            return TRANSIENT_REPLIES.stream().anyMatch(kind -> isReply(e, kind));
        }
        return !(e instanceof TimeoutException);
    }

    /**
     * Whether a failure is the server's error reply of this kind (the reply's first word, such
     * as {@code NOSCRIPT}); {@code ""} matches any error reply. The client fails with the reply
     * itself, a {@code Throwable} that is also a {@link Response} of type error.
     */
    public static boolean isReply(Throwable e, String kind) {
        return e instanceof Response reply && reply.type() == ResponseType.ERROR && e.getMessage() != null
                && e.getMessage().startsWith(kind);
    }
}
