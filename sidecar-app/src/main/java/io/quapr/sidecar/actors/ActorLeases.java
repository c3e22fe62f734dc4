package io.quapr.sidecar.actors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import io.quapr.spi.state.StateStore;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The lease that lets one sidecar, and only one, run an actor: a record per active actor in the
 * actor state store naming the member that holds it, taken with an ETag-guarded write (insert
 * only when there is none). A lease does not expire by itself: it is as good as its holder's
 * membership record, so a holder that stops heartbeating loses all its leases at once, when its
 * record expires, and each is then taken over by the next sidecar that needs the actor. The
 * holder gives a lease back when it deactivates the actor.
 */
final class ActorLeases {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "quapr||actors||";
    private static final StateOptions GUARDED = new StateOptions(Concurrency.FIRST_WRITE, Consistency.STRONG);
    private static final int TRIES = 5;

    /**
     * Who holds an actor's lease.
     *
     * @param self whether this sidecar does
     * @param address the holder's internal address
     */
    record Holder(boolean self, String memberId, String address) {
    }

    private final StateStore store;
    private final ActorMembership membership;
    private final String selfAddress;
    private final String prefix;

    /**
     * @param selfAddress this sidecar's internal address, written in its leases
     * @param namespace the sidecar's namespace: actors of one type in two namespaces are two actors
     */
    ActorLeases(StateStore store, ActorMembership membership, String selfAddress, String namespace) {
        this.prefix = PREFIX + namespace + "||lease||";
        this.store = store;
        this.membership = membership;
        this.selfAddress = selfAddress;
    }

    /**
     * Takes the actor's lease for this sidecar, unless a live member holds it.
     *
     * @return this sidecar, or the live member that holds the lease
     */
    Uni<Holder> acquire(String type, String id) {
        return acquire(key(type, id), 1);
    }

    private Uni<Holder> acquire(String key, int attempt) {
        return store.get(new GetRequest(key, Map.of(), Consistency.STRONG)).chain(r -> {
            if (!r.found()) {
                return take(key, null);
            }
            JsonNode lease = parse(r.data());
            String owner = lease.path("owner").asText("");
            if (owner.equals(membership.selfId())) {
                return Uni.createFrom().item(new Holder(true, owner, selfAddress));
            }
            return alive(owner).chain(up -> up
                    ? Uni.createFrom().item(new Holder(false, owner, lease.path("address").asText("")))
                    : take(key, r.etag()));
        }).onFailure(e -> e instanceof ETagMismatchException && attempt < TRIES)
                .recoverWithUni(e -> acquire(key, attempt + 1));
    }

    private Uni<Holder> take(String key, String etag) {
        byte[] value = JSON.createObjectNode().put("owner", membership.selfId()).put("address", selfAddress)
                .toString().getBytes(StandardCharsets.UTF_8);
        return store.set(new SetRequest(key, value, etag, Map.of(), GUARDED)).map(v -> new Holder(true, membership
                .selfId(), selfAddress));
    }

    /**
     * Whether a lease holder is alive, read from its own record rather than from the heartbeat's
     * view: a member that joined after the last heartbeat is not in the view yet, and its leases
     * must not be taken.
     */
    private Uni<Boolean> alive(String memberId) {
        if (memberId.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        return store.get(new GetRequest(membership.recordKey(memberId), Map.of(), Consistency.STRONG))
                .map(r -> r.found() && parse(r.data()).path("expires").asLong() > System.currentTimeMillis());
    }

    /** Gives the lease back if this sidecar still holds it; nothing otherwise. */
    Uni<Void> release(String type, String id) {
        String key = key(type, id);
        return store.get(new GetRequest(key, Map.of(), Consistency.STRONG)).chain(r -> {
            if (!r.found() || !parse(r.data()).path("owner").asText("").equals(membership.selfId())) {
                return Uni.createFrom().voidItem();
            }
            return store.delete(new DeleteRequest(key, r.etag(), Map.of(), GUARDED));
        }).onFailure(ETagMismatchException.class).recoverWithNull();
    }

    private String key(String type, String id) {
        return prefix + type + "||" + id;
    }

    private static JsonNode parse(byte[] data) {
        try {
            return JSON.readTree(data);
        } catch (IOException e) {
            // an unreadable lease is nobody's: it is taken over under its ETag
            return JSON.createObjectNode();
        }
    }
}
