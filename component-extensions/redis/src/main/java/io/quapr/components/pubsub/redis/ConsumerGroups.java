package io.quapr.components.pubsub.redis;

import io.quapr.components.redis.RedisCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

/** Creating a stream's consumer group the way daprd does. */
final class ConsumerGroups {

    private ConsumerGroups() {
    }

    /**
     * {@code XGROUP CREATE <stream> <group> 0 MKSTREAM}: the stream is created if missing, and a
     * new group starts at the beginning of the stream (daprd's start id {@code 0}), so entries
     * published before the first subscription are delivered too. A group that already exists
     * keeps its position ({@code BUSYGROUP} is not an error).
     */
    static Uni<Void> create(RedisCommands commands, String stream, String group) {
        return commands.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg(group).arg("0").arg("MKSTREAM"))
                .replaceWithVoid()
                .onFailure(e -> RedisCommands.isReply(e, "BUSYGROUP")).recoverWithNull();
    }
}
