package io.quapr.sidecar.actors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quapr.spi.state.BulkGetItem;
import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import io.quapr.spi.state.StateStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The sidecars that host actors, as every sidecar sharing the actor state store sees them: each
 * hosting sidecar writes a record of itself (its internal address and actor types) every
 * heartbeat, valid for a time to live; the ids of the records are listed under one key, changed
 * only when a sidecar joins, leaves, or is found dead (ETag-guarded). Every sidecar reads the
 * list and the records each heartbeat, so all of them compute placement from the same members,
 * and a member that stops writing drops out of every view once its record expires. The same
 * expiry lets another sidecar take the leases of a dead member's actors ({@link ActorLeases}).
 * <p>
 * A sidecar whose own heartbeat has not been written for most of its time to live is not fresh:
 * the others may soon count it dead and take its actors, so it stops running them first
 * ({@link #fresh()}).
 */
final class ActorMembership {

    private static final Logger LOG = Logger.getLogger(ActorMembership.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Not under any app's prefix: the sidecars of several apps in one namespace place actors over
     * one membership (as daprd's placement tables are per namespace).
     */
    private static final String PREFIX = "quapr||actors||";
    private static final StateOptions GUARDED = new StateOptions(Concurrency.FIRST_WRITE, Consistency.STRONG);
    private static final int INDEX_TRIES = 20;

    /** A live member: its id (new at each start), internal address {@code host:port} and actor types. */
    record Member(String id, String address, Set<String> types) {
    }

    private final StateStore store;
    private final Vertx vertx;
    private final Duration heartbeat;
    private final Duration ttl;
    private final String selfId = UUID.randomUUID().toString();
    private final String indexKey;
    private final String recordPrefix;
    private final String selfAddress;
    private final Set<String> selfTypes;
    private final AtomicBoolean beating = new AtomicBoolean();
    private final CompletableFuture<Void> firstView = new CompletableFuture<>();
    private final Map<String, Long> suspects = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new ArrayList<>();
    private volatile List<Member> live = List.of();
    private volatile boolean listed;
    /** Until when this sidecar's own record, as last written, is valid. */
    private volatile long validUntil;
    private volatile long timer = -1;
    private volatile boolean closed;

    /**
     * @param selfAddress this sidecar's internal address
     * @param selfTypes the actor types its app hosts; none for a sidecar that only calls actors
     * @param namespace the sidecar's namespace (empty in standalone mode)
     */
    ActorMembership(StateStore store, Vertx vertx, Duration heartbeat, Duration ttl, String selfAddress,
            Set<String> selfTypes, String namespace) {
        this.indexKey = PREFIX + namespace + "||members";
        this.recordPrefix = PREFIX + namespace + "||member||";
        this.store = store;
        this.vertx = vertx;
        this.heartbeat = heartbeat;
        this.ttl = ttl;
        this.selfAddress = selfAddress;
        this.selfTypes = Set.copyOf(selfTypes);
    }

    /** Starts the heartbeats; the first runs at once. */
    void start() {
        beat();
        timer = vertx.setPeriodic(heartbeat.toMillis(), id -> beat());
    }

    /** Called (on an event loop) after a heartbeat whose view of the members changed. */
    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Stops the heartbeats and, for a hosting sidecar, leaves: its record and index entry are removed. */
    Uni<Void> leave() {
        closed = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (!hosting()) {
            return Uni.createFrom().voidItem();
        }
        validUntil = 0;
        return store.delete(new DeleteRequest(recordPrefix + selfId, null, Map.of(), StateOptions.DEFAULT))
                .chain(() -> changeIndex(ids -> {
                    ids.remove(selfId);
                    return ids;
                }, 1));
    }

    /** The key of a member's record. */
    String recordKey(String memberId) {
        return recordPrefix + memberId;
    }

    /** This sidecar's member id. */
    String selfId() {
        return selfId;
    }

    /** Whether this sidecar hosts actors (and so is a member). */
    boolean hosting() {
        return !selfTypes.isEmpty();
    }

    /**
     * Whether this sidecar's own record is surely still valid in every view: written less than
     * its time to live ago, with a heartbeat to spare. A member that is not fresh must not start
     * turns: another sidecar may take its actors when the record expires.
     */
    boolean fresh() {
        return System.currentTimeMillis() < validUntil - heartbeat.toMillis();
    }

    /** Completes once the members have been read (or the first heartbeat failed): placement can be computed. */
    Uni<Void> ready() {
        return Uni.createFrom().completionStage(firstView);
    }

    /** Whether {@link #ready} has completed. */
    boolean readyNow() {
        return firstView.isDone();
    }

    /** Whether the members have been read at least once. */
    boolean listed() {
        return listed;
    }

    /**
     * The live members hosting the type, this sidecar among them when it hosts the type and is
     * fresh; without the members a call to failed to reach lately ({@link #suspect}).
     */
    List<Member> hostsOf(String type) {
        long now = System.currentTimeMillis();
        List<Member> out = new ArrayList<>();
        for (Member m : live) {
            if (m.types().contains(type) && !m.id().equals(selfId) && !suspected(m.address(), now)) {
                out.add(m);
            }
        }
        if (selfTypes.contains(type) && fresh()) {
            out.add(new Member(selfId, selfAddress, selfTypes));
        }
        return out;
    }

    /** Whether the member of that id is live in this sidecar's view (this sidecar: while fresh). */
    boolean isLive(String id) {
        if (id.equals(selfId)) {
            return fresh();
        }
        for (Member m : live) {
            if (m.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Leaves an address out of placement for one time to live after a call to it could not be
     * made: a killed sidecar's actors go to the others at once, not when its record expires.
     * Safety does not depend on it: the leases still wait for the expiry.
     */
    void suspect(String address) {
        suspects.put(address, System.currentTimeMillis() + ttl.toMillis());
    }

    private boolean suspected(String address, long now) {
        Long until = suspects.get(address);
        if (until == null) {
            return false;
        }
        if (until <= now) {
            suspects.remove(address, until);
            return false;
        }
        return true;
    }

    private void beat() {
        if (closed || !beating.compareAndSet(false, true)) {
            return;
        }
        long started = System.currentTimeMillis();
        Uni<Void> write = hosting() ? writeSelf(started) : Uni.createFrom().voidItem();
        write.chain(this::read).subscribe().with(v -> {
            beating.set(false);
            firstView.complete(null);
        }, e -> {
            beating.set(false);
            firstView.complete(null);
            LOG.warnf("actors: membership heartbeat failed: %s", e.getMessage());
        });
    }

    private Uni<Void> writeSelf(long started) {
        long expires = started + ttl.toMillis();
        ObjectNode record = JSON.createObjectNode().put("address", selfAddress).put("expires", expires);
        ArrayNode types = record.putArray("types");
        selfTypes.stream().sorted().forEach(types::add);
        return store.set(SetRequest.of(recordPrefix + selfId, record.toString().getBytes(StandardCharsets.UTF_8)))
                .invoke(() -> validUntil = expires);
    }

    /** Reads the index and the records; joins the index when missing from it; prunes expired members. */
    private Uni<Void> read() {
        return store.get(new GetRequest(indexKey, Map.of(), Consistency.STRONG)).chain(index -> {
            Set<String> ids = index.found() ? parseIds(index.data()) : new LinkedHashSet<>();
            Uni<Void> join = Uni.createFrom().voidItem();
            if (hosting() && !closed && !ids.contains(selfId)) {
                join = changeIndex(s -> {
                    s.add(selfId);
                    return s;
                }, 1);
                ids.add(selfId);
            }
            List<String> order = new ArrayList<>(ids);
            return join.chain(() -> store.bulkGet(order.stream().map(id -> new GetRequest(recordPrefix + id, Map
                    .of(), Consistency.STRONG)).toList())).chain(items -> view(order, items));
        });
    }

    private Uni<Void> view(List<String> ids, List<BulkGetItem> items) {
        long now = System.currentTimeMillis();
        List<Member> members = new ArrayList<>();
        Set<String> dead = new HashSet<>();
        for (int i = 0; i < ids.size() && i < items.size(); i++) {
            String id = ids.get(i);
            GetResponse r = items.get(i).response();
            if (items.get(i).error() != null) {
                continue;
            }
            if (r == null || !r.found()) {
                if (!id.equals(selfId)) {
                    dead.add(id);
                }
                continue;
            }
            try {
                JsonNode n = JSON.readTree(r.data());
                long expires = n.path("expires").asLong();
                if (expires <= now) {
                    // long dead: nobody will write it again (a restarted sidecar has a new id)
                    if (expires + ttl.toMillis() <= now && !id.equals(selfId)) {
                        dead.add(id);
                    }
                    continue;
                }
                Set<String> types = new LinkedHashSet<>();
                n.path("types").forEach(t -> types.add(t.asText()));
                if (!id.equals(selfId)) {
                    members.add(new Member(id, n.path("address").asText(), types));
                }
            } catch (IOException e) {
                dead.add(id);
            }
        }
        boolean changed = !addresses(members).equals(addresses(live));
        live = List.copyOf(members);
        listed = true;
        if (changed) {
            listeners.forEach(Runnable::run);
        }
        if (dead.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // best effort: when another sidecar changes the list first, the next heartbeat prunes
        return changeIndex(s -> {
            s.removeAll(dead);
            return s;
        }, INDEX_TRIES).onFailure(ETagMismatchException.class).recoverWithNull()
                .chain(() -> store.bulkDelete(dead.stream().map(id -> new DeleteRequest(recordPrefix + id,
                        null, Map.of(), StateOptions.DEFAULT)).toList()));
    }

    private static Set<String> addresses(List<Member> members) {
        Set<String> out = new HashSet<>();
        members.forEach(m -> out.add(m.id() + "@" + m.address()));
        return out;
    }

    /** Read, change, write back under the ETag read; again when another sidecar won (up to {@code tries}). */
    private Uni<Void> changeIndex(UnaryOperator<Set<String>> change, int attempt) {
        return store.get(new GetRequest(indexKey, Map.of(), Consistency.STRONG)).chain(r -> {
            Set<String> ids = change.apply(r.found() ? parseIds(r.data()) : new LinkedHashSet<>());
            ArrayNode a = JSON.createArrayNode();
            ids.forEach(a::add);
            return store.set(new SetRequest(indexKey, a.toString().getBytes(StandardCharsets.UTF_8), r.found()
                    ? r.etag()
                    : null, Map.of(), GUARDED));
        }).onFailure(e -> e instanceof ETagMismatchException && attempt < INDEX_TRIES)
                .recoverWithUni(e -> changeIndex(change, attempt + 1));
    }

    private static Set<String> parseIds(byte[] data) {
        Set<String> ids = new LinkedHashSet<>();
        try {
            JSON.readTree(data).forEach(n -> ids.add(n.asText()));
        } catch (IOException e) {
            LOG.warnf("actors: the member list does not parse, starting a new one: %s", e.getMessage());
        }
        return ids;
    }
}
