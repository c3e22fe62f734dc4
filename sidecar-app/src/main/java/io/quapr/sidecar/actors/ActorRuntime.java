package io.quapr.sidecar.actors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.appchannel.AppChannel;
import io.quapr.sidecar.appchannel.AppChannel.AppReply;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.sidecar.invoke.InternalServer;
import io.quapr.sidecar.resiliency.Resiliency;
import io.quapr.sidecar.workflow.WorkflowRuntime;
import io.quapr.spi.state.TransactionalStateStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The actors this sidecar hosts: it learns the app's actor types from {@code GET /dapr/config},
 * activates an actor on its first call, runs its calls one turn at a time ({@link TurnLock}, with
 * reentrancy when the app enables it), keeps its timers, deactivates it ({@code DELETE
 * /actors/<type>/<id>}) after {@code actorIdleTimeout} without calls, and deactivates every
 * actor when the sidecar stops, after the calls under way finished (up to
 * {@code drainOngoingCallTimeout}).
 * <p>
 * Several sidecars may host the same types over one actor state store: an actor is activated
 * here only under its lease ({@link ActorLeases}), so no two sidecars ever run it at once, and
 * the lease is given back when the actor is deactivated. The sidecars learn of each other
 * through {@link ActorMembership}; {@link ActorRouter} sends each call where the actor lives.
 * A sidecar whose membership is no longer fresh deactivates its actors before the others may
 * take them.
 */
@ApplicationScoped
public class ActorRuntime {

    private static final Logger LOG = Logger.getLogger(ActorRuntime.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The header a call chain carries so that it may come back into the actors it runs in. */
    public static final String REENTRANCY_HEADER = "Dapr-Reentrancy-Id";
    /** Request headers not passed to the app: the connection's own, and the API token. */
    private static final Set<String> DROPPED = Set.of("host", "content-length", "connection", "keep-alive",
            "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection", "dapr-api-token", "expect");
    private static final Duration DEACTIVATE_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    AppChannel app;

    @Inject
    SidecarConfig config;

    @Inject
    Components components;

    @Inject
    Vertx vertx;

    @Inject
    InternalServer internal;

    @Inject
    Resiliency resiliency;

    private final Map<String, ActiveActor> actives = new ConcurrentHashMap<>();
    /** Deactivations under way, by actor key: a new activation waits for them. */
    private final Map<String, CompletableFuture<Void>> deactivating = new ConcurrentHashMap<>();
    /** Activations under way (the lease being taken), by actor key: later calls wait for them. */
    private final Map<String, CompletableFuture<ActiveActor>> activations = new ConcurrentHashMap<>();
    private volatile ActorMembership membership;
    private volatile ActorLeases leases;
    private volatile TransactionalStateStore store;
    private volatile ActorAppConfig appConfig;
    private volatile boolean configured;
    /** Completed when the app's actor types are known. */
    private final CompletableFuture<Void> configuredFuture = new CompletableFuture<>();
    private volatile boolean closing;
    private volatile long scanTimer = -1;
    private volatile long configTimer = -1;

    /** One active actor: its turns, its timers, when it was last called. */
    static final class ActiveActor {
        final String type;
        final String id;
        final TurnLock lock = new TurnLock();
        final Map<String, ActorTimers.Timer> timers = new ConcurrentHashMap<>();
        /** Calls waiting for or running a turn. */
        final AtomicInteger calls = new AtomicInteger();
        volatile long lastUsed = System.currentTimeMillis();

        ActiveActor(String type, String id) {
            this.type = type;
            this.id = id;
        }
    }

    /** After the jobs scheduler (3100): the actor state store is resolved, then the app is asked. */
    void onStart(@Observes @Priority(3200) StartupEvent event) {
        appConfig = ActorAppConfig.none(config.actors().idleTimeout(), config.actors().scanInterval());
        Optional<LiveComponent> s = WorkflowRuntime.actorStateStore(components.ofBlock("state"));
        if (s.isEmpty()) {
            LOG.info("actor runtime disabled: no state store has actorStateStore: \"true\"");
            return;
        }
        store = (TransactionalStateStore) s.get().instance();
        if (!app.configured()) {
            LOG.info("actor runtime: no app port, so no actor types are hosted here");
            join(Set.of());
            configured = true;
            configuredFuture.complete(null);
            return;
        }
        loadConfig(Duration.ofMillis(100));
    }

    /** Before the jobs scheduler stops (1000): no new calls; the active actors are drained and deactivated. */
    void onStop(@Observes @Priority(900) ShutdownEvent event) {
        closing = true;
        if (scanTimer >= 0) {
            vertx.cancelTimer(scanTimer);
        }
        if (configTimer >= 0) {
            vertx.cancelTimer(configTimer);
        }
        List<ActiveActor> all = new ArrayList<>(actives.values());
        all.forEach(a -> ActorTimers.cancelAll(vertx, a));
        long deadline = System.currentTimeMillis();
        for (ActiveActor a : all) {
            deadline = Math.max(deadline, System.currentTimeMillis() + appConfig.of(a.type).drainTimeout().toMillis());
        }
        // the shutdown thread may wait: it is not an event loop
        while (System.currentTimeMillis() < deadline && all.stream().anyMatch(a -> a.calls.get() > 0)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<CompletableFuture<Void>> deletes = new ArrayList<>();
        for (ActiveActor a : all) {
            if (actives.remove(key(a.type, a.id), a)) {
                deletes.add(deactivate(a).subscribeAsCompletionStage());
            }
        }
        try {
            CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new)).get(DEACTIVATE_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("actors: not every actor was deactivated at shutdown: %s", e.getMessage());
        }
        ActorMembership m = membership;
        if (m != null) {
            try {
                m.leave().await().atMost(DEACTIVATE_TIMEOUT);
            } catch (RuntimeException e) {
                LOG.warnf("actors: leaving the actor members: %s", e.getMessage());
            }
        }
    }

    /** Starts this sidecar's membership: a member hosting the types, or only a reader of the members. */
    private void join(Set<String> types) {
        String address = config.hostAddress() + ":" + internal.port();
        String namespace = config.namespace().orElse("");
        ActorMembership m = new ActorMembership(store, vertx, config.actors().memberHeartbeat(), config.actors()
                .memberTtl(), address, types, namespace);
        leases = new ActorLeases(store, m, address, namespace);
        m.onChange(() -> vertx.runOnContext(v -> rebalance()));
        membership = m;
        m.start();
    }

    /** Completes when a call can be placed: the app's actor types are known and the members were read. */
    Uni<Void> placementReady() {
        ActorMembership m = membership;
        if (configuredFuture.isDone() && m != null && m.readyNow()) {
            // every call after start-up: no timeout armed, nothing to wait for
            return Uni.createFrom().voidItem();
        }
        return whenConfigured(config.actors().placementTimeout()).chain(() -> membership.ready());
    }

    /**
     * The sidecar an actor belongs on by the hash ring over the live members hosting its type;
     * null when none does.
     */
    ActorMembership.Member owner(String type, String id) {
        return Rendezvous.owner(membership.hostsOf(type), type, id);
    }

    /** This sidecar's member id. */
    String selfId() {
        return membership.selfId();
    }

    /** Leaves an unreachable sidecar out of placement for a while. */
    void suspect(String address) {
        membership.suspect(address);
    }

    /** Whether the actor is active on this sidecar. */
    boolean activeHere(String type, String id) {
        return actives.containsKey(key(type, id));
    }

    private void loadConfig(Duration wait) {
        app.get("dapr/config", Duration.ofSeconds(5)).invoke(r -> {
            if (r.status() >= 500) {
                // the app is up but not ready (an SDK still registering its actors): ask again
                throw new IllegalStateException("the app answered /dapr/config with " + r.status());
            }
        }).subscribe().with(r -> {
            ActorAppConfig c = appConfig;
            if (r.status() == 200) {
                try {
                    c = ActorAppConfig.parse(JSON.readTree(r.body()), config.actors().idleTimeout(), config
                            .actors().scanInterval());
                } catch (Exception e) {
                    LOG.errorf("actors: the app's /dapr/config does not parse, so it hosts no actors: %s", e
                            .getMessage());
                }
            }
            appConfig = c;
            join(Set.copyOf(c.types()));
            configured = true;
            configuredFuture.complete(null);
            if (!c.entities().isEmpty()) {
                LOG.infof("actors: the app hosts %s", c.types());
                scanTimer = vertx.setPeriodic(c.scanInterval().toMillis(), id -> scan());
            }
        }, e -> {
            if (closing) {
                return;
            }
            // the app is not up yet: ask again, less often each time
            Duration next = wait.multipliedBy(2).compareTo(config.actors().configRetry()) > 0
                    ? config.actors()
                            .configRetry()
                    : wait.multipliedBy(2);
            configTimer = vertx.setTimer(wait.toMillis(), id -> loadConfig(next));
        });
    }

    /** Whether the actor runtime runs (an actor state store is configured). */
    public boolean enabled() {
        return store != null;
    }

    /** Whether the app's actor types are known (its {@code /dapr/config} was read). */
    public boolean configured() {
        return configured;
    }

    /**
     * Completes when the app's actor types are known, or fails after the wait given (reminders
     * due at start-up wait for the app instead of spending their retries).
     */
    Uni<Void> whenConfigured(Duration wait) {
        return Uni.createFrom().completionStage(configuredFuture).ifNoItem().after(wait).fail();
    }

    /**
     * Completes once the app's actor types are known, or after {@code quapr.actors.placement-timeout}
     * if they never become known (the call's own checks then answer). At once after start-up: an
     * actor API call that arrives before the app's {@code /dapr/config} was read waits for it, as
     * daprd's wait for its actor runtime, instead of being told its type is not hosted here.
     */
    Uni<Void> typesKnown() {
        if (configuredFuture.isDone()) {
            return Uni.createFrom().voidItem();
        }
        return whenConfigured(config.actors().placementTimeout()).onFailure().recoverWithNull();
    }

    /** Whether the app hosts actors of the type. */
    public boolean hosts(String type) {
        return appConfig != null && appConfig.hosts(type);
    }

    /** The app's actor types, sorted. */
    public List<String> types() {
        return appConfig == null ? List.of() : appConfig.types();
    }

    /** The active actors by type, every hosted type listed. */
    public Map<String, Integer> activeCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        types().forEach(t -> counts.put(t, 0));
        actives.values().forEach(a -> counts.merge(a.type, 1, Integer::sum));
        return counts;
    }

    /** The actor state store; null when the runtime is disabled. */
    TransactionalStateStore store() {
        return store;
    }

    /** The app id the state keys start with. */
    String appId() {
        return config.appId().orElse("");
    }

    /**
     * Calls an actor method: {@code PUT /actors/<type>/<id>/method/<method>} in the actor's turn.
     *
     * @param headers the caller's headers (a {@code Dapr-Reentrancy-Id} among them enters a
     *        running turn of the same chain when the type is reentrant)
     * @return the app's answer with status 200; a failure ({@code ERR_ACTOR_INVOKE_METHOD}) for any other
     */
    public Uni<AppReply> invoke(String type, String id, String method, byte[] body, MultiMap headers) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(e -> {
            if (!DROPPED.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                out.add(e.getKey(), e.getValue());
            }
        });
        return turn(type, id, out, () -> callApp(type, id, "method/" + method, body, out));
    }

    /**
     * A reminder or timer callback ({@code method/remind/<name>}, {@code method/timer/<name>}) in
     * the actor's turn; a failure when the app does not answer 200.
     */
    Uni<Void> callback(String type, String id, String path, byte[] body) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
        return turn(type, id, headers, () -> callApp(type, id, "method/" + path, body, headers)).replaceWithVoid();
    }

    /**
     * The active actor, with one more call counted; activated first when it is not, under its
     * lease. Fails with {@link LeaseHeldException} when another live sidecar holds the lease.
     */
    Uni<ActiveActor> enter(String type, String id) {
        return Uni.createFrom().deferred(() -> {
            String key = key(type, id);
            ActiveActor a = actives.computeIfPresent(key, (k, v) -> {
                v.calls.incrementAndGet();
                v.lastUsed = System.currentTimeMillis();
                return v;
            });
            if (a != null) {
                return Uni.createFrom().item(a);
            }
            CompletableFuture<ActiveActor> mine = new CompletableFuture<>();
            CompletableFuture<ActiveActor> under = activations.putIfAbsent(key, mine);
            if (under == null) {
                activate(type, id, key, mine);
                under = mine;
            }
            // once active, count the call (the actor may have been deactivated again meanwhile)
            return Uni.createFrom().completionStage(under).chain(x -> enter(type, id));
        });
    }

    /** Takes the lease, after the actor's last deactivation here finished, and makes the actor active. */
    private void activate(String type, String id, String key, CompletableFuture<ActiveActor> done) {
        CompletableFuture<Void> before = deactivating.getOrDefault(key, CompletableFuture.completedFuture(null));
        Uni.createFrom().completionStage(before).chain(() -> {
            if (!fresh()) {
                return Uni.createFrom().failure(new ActorRouter.ActorRetryException(
                        "this sidecar's actor membership is not fresh"));
            }
            return leases.acquire(type, id);
        }).subscribe().with(holder -> {
            activations.remove(key, done);
            if (!holder.self()) {
                done.completeExceptionally(new LeaseHeldException(type, id, holder.address()));
                return;
            }
            done.complete(actives.computeIfAbsent(key, k -> new ActiveActor(type, id)));
        }, e -> {
            activations.remove(key, done);
            done.completeExceptionally(e);
        });
    }

    /** The active actor, activated when it is not, without counting a call (a timer is registered on it). */
    Uni<ActiveActor> touch(String type, String id) {
        return enter(type, id).invoke(a -> a.calls.decrementAndGet());
    }

    /**
     * Whether this sidecar may run actors: its membership is fresh. When it is not, the actors
     * active here are let go first, since another sidecar may take them once the membership
     * expires.
     */
    private boolean fresh() {
        ActorMembership m = membership;
        if (m == null || !m.hosting() || m.fresh()) {
            return true;
        }
        if (!actives.isEmpty()) {
            LOG.warn("actors: this sidecar's membership could not be renewed: its actors are deactivated");
            release(a -> true);
        }
        return false;
    }

    /** The active actor, or null. */
    ActiveActor active(String type, String id) {
        return actives.get(key(type, id));
    }

    private <T> Uni<T> turn(String type, String id, MultiMap headers, Supplier<Uni<T>> work) {
        if (closing) {
            return Uni.createFrom().failure(new DaprException(ErrorCode.ACTOR_RUNTIME_CLOSED,
                    "actor runtime is closed"));
        }
        ActorAppConfig.TypeSettings settings = appConfig.of(type);
        String reentrancyId = null;
        if (settings.reentrant()) {
            reentrancyId = headers.get(REENTRANCY_HEADER);
            if (reentrancyId == null || reentrancyId.isEmpty()) {
                // daprd starts a chain: the app passes the id on in the calls it makes
                reentrancyId = UUID.randomUUID().toString();
                headers.set(REENTRANCY_HEADER, reentrancyId);
            }
        }
        String chain = reentrancyId;
        if (!fresh()) {
            return Uni.createFrom().failure(new ActorRouter.ActorRetryException(
                    "this sidecar's actor membership is not fresh"));
        }
        return enter(type, id).chain(a -> a.lock.acquire(chain, settings.maxStackDepth())
                .chain(() -> Uni.createFrom().<T>deferred(work::get).onTermination().invoke(a.lock::release))
                .onTermination().invoke(() -> {
                    a.lastUsed = System.currentTimeMillis();
                    a.calls.decrementAndGet();
                }));
    }

    private Uni<AppReply> callApp(String type, String id, String path, byte[] body, MultiMap headers) {
        if (!app.configured()) {
            return Uni.createFrom().failure(new DaprException(ErrorCode.ACTOR_NO_APP_CHANNEL,
                    "app channel is not initialized"));
        }
        String target = "actors/" + type + "/" + id + "/" + path;
        // the Resiliency timeout of the type bounds each call in the turn (daprd's post-lock policy)
        Duration timeout = resiliency.actorTimeout(type).orElse(config.actors().callTimeout());
        return app.exchange(HttpMethod.PUT, target, body, headers, timeout).map(r -> {
            if (r.status() == 404) {
                throw new ActorCallException("actor method not found: " + target);
            }
            if (r.status() != 200) {
                throw new ActorCallException("error from actor service: (" + r.status() + ") " + new String(r
                        .body(), StandardCharsets.UTF_8));
            }
            return r;
        });
    }

    /** Looks for actors idle longer than their type's idle timeout and deactivates them. */
    private void scan() {
        if (closing) {
            return;
        }
        long now = System.currentTimeMillis();
        release(a -> now - a.lastUsed >= appConfig.of(a.type).idleTimeout().toMillis());
    }

    /**
     * After the members changed: the actors the ring now gives to another sidecar are let go
     * when idle, so that their next calls activate them there (daprd deactivates them too when
     * its placement table changes).
     */
    private void rebalance() {
        if (closing || actives.isEmpty()) {
            return;
        }
        String self = membership.selfId();
        release(a -> {
            ActorMembership.Member owner = owner(a.type, a.id);
            return owner != null && !owner.id().equals(self);
        });
    }

    /** Deactivates the actors that match and have no call running or waiting, and gives their leases back. */
    private void release(Predicate<ActiveActor> which) {
        for (ActiveActor a : actives.values()) {
            if (!which.test(a)) {
                continue;
            }
            String key = key(a.type, a.id);
            CompletableFuture<Void> done = new CompletableFuture<>();
            // marked before it leaves the map: an activation that finds it gone waits for the lease to be given back
            ActiveActor removed = actives.computeIfPresent(key, (k, v) -> {
                if (v == a && v.calls.get() == 0 && !v.lock.busy()) {
                    deactivating.put(k, done);
                    return null;
                }
                return v;
            });
            if (removed == null) {
                ActorTimers.cancelAll(vertx, a);
                deactivate(a).subscribe().with(v -> {
                    deactivating.remove(key, done);
                    done.complete(null);
                }, e -> {
                    deactivating.remove(key, done);
                    done.complete(null);
                });
            }
        }
    }

    /** {@code DELETE /actors/<type>/<id>}: the app lets the actor go. */
    private Uni<Void> deactivate(ActiveActor a) {
        LOG.debugf("actors: deactivating %s/%s", a.type, a.id);
        return app.exchange(HttpMethod.DELETE, "actors/" + a.type + "/" + a.id, null, MultiMap
                .caseInsensitiveMultiMap(), DEACTIVATE_TIMEOUT).invoke(r -> {
                    if (r.status() != 200) {
                        LOG.warnf("actors: deactivating %s/%s: the app answered %d", a.type, a.id, r.status());
                    }
                }).replaceWithVoid().onFailure().recoverWithItem(e -> {
                    LOG.warnf("actors: deactivating %s/%s failed: %s", a.type, a.id, e.getMessage());
                    return null;
                }).chain(() -> leases.release(a.type, a.id)).onFailure().recoverWithItem(e -> {
                    // the lease stays until this sidecar's membership expires
                    LOG.warnf("actors: giving back the lease of %s/%s failed: %s", a.type, a.id, e.getMessage());
                    return null;
                });
    }

    private static String key(String type, String id) {
        return type + "||" + id;
    }

    /** Another live sidecar holds the actor's lease: the call goes there. */
    static final class LeaseHeldException extends RuntimeException {
        private final String address;

        LeaseHeldException(String type, String id, String address) {
            super("actor " + type + "/" + id + " is active on the sidecar at " + address, null, false, false);
            this.address = address;
        }

        /** The holder's internal address. */
        String address() {
            return address;
        }
    }

    /** The app did not take an actor call: daprd's message, wrapped as ERR_ACTOR_INVOKE_METHOD by the API. */
    static final class ActorCallException extends RuntimeException {
        ActorCallException(String message) {
            super(message, null, false, false);
        }
    }
}
