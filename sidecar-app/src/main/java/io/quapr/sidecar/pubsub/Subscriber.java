package io.quapr.sidecar.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.StartupException;
import io.quapr.sidecar.appchannel.AppCallbackChannel;
import io.quapr.sidecar.appchannel.AppChannel;
import io.quapr.sidecar.appchannel.AppHealthProbe;
import io.quapr.sidecar.components.ComponentCall;
import io.quapr.sidecar.components.ComponentLoader;
import io.quapr.sidecar.components.ComponentReloaded;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.sidecar.components.OtherResource;
import io.quapr.sidecar.resiliency.PolicyRunner;
import io.quapr.sidecar.resiliency.Resiliency;
import io.quapr.sidecar.resiliency.RetryPolicy;
import io.quapr.spi.pubsub.MessageHandler;
import io.quapr.spi.pubsub.PubSub;
import io.quapr.spi.pubsub.SubscribeRequest;
import io.quapr.spi.pubsub.Subscription;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Starts and stops this app's subscriptions. At start-up, after the components are loaded, it
 * reads the declarative {@code Subscription} resources in scope; then, in the background so
 * readiness never waits for the app, it asks the app for its programmatic subscriptions
 * ({@code GET /dapr/subscribe}, or {@code ListTopicSubscriptions} for a gRPC app, retried with
 * backoff until the app answers: it may start after the sidecar) and subscribes each one on its component. At shutdown it stops delivering first,
 * so every message in flight is left unacknowledged with the broker, then cancels the
 * subscriptions before the components close.
 */
@ApplicationScoped
public class Subscriber {

    private static final Logger LOG = Logger.getLogger(Subscriber.class);
    /** The name the built-in delivery retry shows in the metadata API and logs. */
    static final String BUILT_IN_DELIVERY = "QuaprBuiltInDeliveryRetries";
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    /** How long one ask for the app's subscriptions may take, daprd's figure. */
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    ComponentLoader loader;

    @Inject
    Components components;

    @Inject
    ComponentCall call;

    @Inject
    SubscriptionRegistry registry;

    @Inject
    PubSubService publisher;

    @Inject
    AppChannel app;

    @Inject
    AppCallbackChannel grpcApp;

    @Inject
    SidecarConfig config;

    @Inject
    Resiliency resiliency;

    @Inject
    AppHealthProbe health;

    private final List<Subscription> running = new CopyOnWriteArrayList<>();
    /** The app's subscriptions started here (not streaming ones), to move them when their pubsub is reloaded. */
    private final Map<Subscription, SubscriptionSpec> started = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /** Runs after {@code ComponentLoader} (priority 2500) has loaded every component. */
    void onStart(@Observes @Priority(3000) StartupEvent event) {
        registry.setDeclarative(declarative());
        if (components.ofBlock("pubsub").isEmpty()) {
            return;
        }
        if (!app.configured()) {
            if (!registry.appSubscriptions().isEmpty()) {
                LOG.warn("app port not configured: subscriptions are not started (set --app-port)");
            }
            return;
        }
        discoverAndStart(1, FIRST_BACKOFF);
    }

    /** Runs before the components close ({@code ComponentLoader} observes at 2500). */
    void onStop(@Observes @Priority(1000) ShutdownEvent event) {
        closing = true;
        List<Uni<Void>> cancels = new ArrayList<>();
        for (Subscription s : running) {
            cancels.add(Uni.createFrom().deferred(s::cancel).onFailure().recoverWithNull());
        }
        running.clear();
        started.clear();
        if (!cancels.isEmpty()) {
            Uni.join().all(cancels).andCollectFailures().await()
                    .atMost(Duration.ofSeconds(Math.max(1, config.gracefulShutdownSeconds())));
        }
    }

    /**
     * A pubsub was replaced or taken out while the sidecar runs (hot reload), before its old
     * instance closes: the app's subscriptions on it are cancelled there and started again on the
     * new instance, if there is one. Streaming subscriptions end with the old instance; their
     * clients subscribe again.
     */
    void onReload(@Observes ComponentReloaded reloaded) {
        if (!reloaded.block().equals("pubsub") || closing) {
            return;
        }
        List<Uni<Void>> cancels = new ArrayList<>();
        started.forEach((sub, spec) -> {
            if (spec.pubsub().equals(reloaded.name())) {
                started.remove(sub);
                running.remove(sub);
                cancels.add(Uni.createFrom().deferred(sub::cancel).onFailure().recoverWithNull());
            }
        });
        if (!cancels.isEmpty()) {
            Uni.join().all(cancels).andCollectFailures().await()
                    .atMost(Duration.ofSeconds(Math.max(1, config.gracefulShutdownSeconds())));
        }
        if (components.pubSub(reloaded.name()) != null && app.configured()) {
            registry.appSubscriptions().stream().filter(spec -> spec.pubsub().equals(reloaded.name()))
                    .forEach(spec -> start(spec, FIRST_BACKOFF));
        }
    }

    /** Keeps a subscription to cancel at shutdown (streams cancel their own when they end first). */
    void track(Subscription s) {
        running.add(s);
    }

    void untrack(Subscription s) {
        running.remove(s);
    }

    /**
     * The delivery policy of a subscription: its Resiliency inbound policy
     * ({@code components.<pubsub>/<topic>} or {@code components.<pubsub>.inbound} or the
     * defaults), else the built-in one from {@code quapr.pubsub.*} (max-attempts, doubling
     * backoff).
     */
    private PolicyRunner deliveryPolicy(SubscriptionSpec s) {
        SidecarConfig.PubSub c = config.pubsub();
        return resiliency.inbound(s.pubsub(), "pubsub", s.topic(), RetryPolicy.doubling(BUILT_IN_DELIVERY,
                c.initialBackoff(), c.maxBackoff(), Math.max(1, c.maxAttempts()) - 1));
    }

    /** Whether the sidecar is shutting down: deliveries then leave messages with the broker. */
    boolean closing() {
        return closing;
    }

    private List<SubscriptionSpec> declarative() {
        String appId = config.appId().orElse("");
        List<SubscriptionSpec> subs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (OtherResource r : loader.resources().ofKind("Subscription")) {
            if (!r.scopes().isEmpty() && !r.scopes().contains(appId)) {
                continue;
            }
            try {
                subs.add(SubscriptionParser.declarative(r));
            } catch (IllegalArgumentException e) {
                problems.add(r.source() + ": Subscription '" + r.name() + "': " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new StartupException(problems);
        }
        return subs;
    }

    /** Asks the app for its subscriptions until it answers, then starts them all. */
    private void discoverAndStart(int attempt, Duration backoff) {
        if (closing) {
            return;
        }
        // the whole ask is bounded: a connection that never opens must not stop discovery for good
        Uni<List<SubscriptionSpec>> ask = (grpcApp.configured()
                ? grpcSubscriptions()
                : app.get("dapr/subscribe", ASK_TIMEOUT).map(this::programmatic)).ifNoItem().after(ASK_TIMEOUT)
                .failWith(() -> new IllegalStateException("no answer within " + ASK_TIMEOUT.toSeconds() + " s"));
        ask.subscribe().with(subs -> {
            registry.setProgrammatic(subs);
            startAll();
        }, failure -> {
            if (attempt == 1 || attempt % 20 == 0) {
                LOG.infof("waiting for the app on %s:%d to ask for its subscriptions (%s)", config.appChannelAddress(),
                        config.appPort().orElse(0), failure.getMessage());
            }
            Duration max = config.pubsub().appConnectMaxBackoff();
            Duration next = backoff.multipliedBy(2).compareTo(max) > 0 ? max : backoff.multipliedBy(2);
            Uni.createFrom().voidItem().onItem().delayIt().by(backoff).subscribe()
                    .with(v -> discoverAndStart(attempt + 1, next));
        });
    }

    /** A gRPC app's subscriptions; an app without {@code ListTopicSubscriptions} has none. */
    private Uni<List<SubscriptionSpec>> grpcSubscriptions() {
        return grpcApp.listTopicSubscriptions(ASK_TIMEOUT).map(r -> {
            try {
                return log(SubscriptionParser.programmatic(r));
            } catch (IllegalArgumentException e) {
                LOG.errorf("error getting topics from app: %s", e.getMessage());
                return List.<SubscriptionSpec>of();
            }
        }).onFailure(e -> Status.fromThrowable(e).getCode() == Status.Code.UNIMPLEMENTED)
                .recoverWithItem(e -> {
                    LOG.info("pubsub subscriptions: gRPC app does not implement ListTopicSubscriptions");
                    return List.of();
                });
    }

    private List<SubscriptionSpec> log(List<SubscriptionSpec> subs) {
        if (subs.isEmpty()) {
            // said at info: an app whose subscriptions never start is otherwise silent about why
            LOG.infof("app on %s:%d has no programmatic subscriptions", config.appChannelAddress(),
                    config.appPort().orElse(0));
        }
        subs.stream().map(SubscriptionSpec::pubsub).distinct().forEach(p -> LOG.infof(
                "app is subscribed to the following topics: %s through pubsub=%s", subs.stream()
                        .filter(s -> s.pubsub().equals(p)).map(SubscriptionSpec::topic).toList(),
                p));
        return subs;
    }

    private List<SubscriptionSpec> programmatic(AppChannel.AppResponse response) {
        if (response.status() == 404) {
            // daprd says so at debug level; where the answer came from helps when an app is misconfigured
            LOG.infof("app did not subscribe to any topic (404 from %s:%d/dapr/subscribe)", config.appChannelAddress(),
                    config.appPort().orElse(0));
            return List.of();
        }
        if (response.status() != 200) {
            LOG.errorf("app returned http status code %d from subscription endpoint", response.status());
            return List.of();
        }
        if (response.body().length == 0) {
            LOG.infof("app on %s:%d answered GET /dapr/subscribe with status %d and no body", config
                    .appChannelAddress(), config.appPort().orElse(0), response.status());
        }
        try {
            JsonNode answer = response.body().length == 0 ? null : CloudEvents.JSON.readTree(response.body());
            return log(SubscriptionParser.programmatic(answer));
        } catch (IOException | IllegalArgumentException e) {
            LOG.errorf("error getting topics from app: %s", e.getMessage());
            return List.of();
        }
    }

    private void startAll() {
        for (SubscriptionSpec s : registry.appSubscriptions()) {
            start(s, FIRST_BACKOFF);
        }
    }

    /** Subscribes on the component; a failure is retried in the background, as daprd does. */
    private void start(SubscriptionSpec s, Duration backoff) {
        if (closing) {
            return;
        }
        LiveComponent live = components.pubSub(s.pubsub());
        if (live == null) {
            LOG.warnf("subscription to topic %s: pubsub %s is not loaded; not started", s.topic(), s.pubsub());
            return;
        }
        if (!publisher.scopes(live).maySubscribe(s.topic())) {
            LOG.warnf("subscription to topic '%s' on pubsub '%s' is not allowed", s.topic(), s.pubsub());
            return;
        }
        Duration timeout = config.pubsub().deliveryTimeout();
        Postman postman = grpcApp.configured() ? new GrpcPostman(grpcApp, timeout) : new HttpPostman(app, timeout);
        BulkPostman bulk = grpcApp.configured()
                ? new GrpcBulkPostman(grpcApp, timeout)
                : new HttpBulkPostman(app, timeout);
        subscribe(s, s.bulk().enabled() ? PausedWhileAppUnhealthy.bulk(bulk, health) : null,
                PausedWhileAppUnhealthy.postman(postman, health), () -> false).subscribe().with(sub -> {
                    if (closing) {
                        sub.cancel().subscribe().with(v -> {
                        }, e -> {
                        });
                    } else {
                        running.add(sub);
                        started.put(sub, s);
                        LOG.infof("subscribed to topic %s on pubsub %s", s.topic(), s.pubsub());
                    }
                }, failure -> {
                    LOG.errorf("failed to subscribe to topic %s on pubsub %s: %s; will retry", s.topic(), s.pubsub(),
                            failure.getMessage());
                    Duration next = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                            ? Duration.ofSeconds(30)
                            : backoff.multipliedBy(2);
                    Uni.createFrom().voidItem().onItem().delayIt().by(backoff).subscribe().with(v -> start(s, next));
                });
    }

    /**
     * Subscribes one subscription on its component, delivering through the postman (or in
     * batches through the bulk postman, when one is given).
     *
     * @param stopped tells when this one subscription stops taking messages (a closed stream),
     *        besides the sidecar shutting down
     * @return the running subscription; a failure with daprd's error when the pubsub is unknown,
     *         or when the topic is outside the app's subscription scopes
     */
    Uni<Subscription> subscribe(SubscriptionSpec s, BulkPostman bulk, Postman postman, BooleanSupplier stopped) {
        return Uni.createFrom().deferred(() -> {
            LiveComponent live = components.pubSub(s.pubsub());
            if (live == null) {
                return Uni.createFrom().failure(PubSubErrors.notFound(s.pubsub(), Map.of()));
            }
            TopicScopes scopes = publisher.scopes(live);
            if (!scopes.maySubscribe(s.topic())) {
                return Uni.createFrom().failure(new IllegalStateException("subscription to topic '" + s.topic()
                        + "' on pubsub '" + s.pubsub() + "' is not allowed"));
            }
            String prefix = scopes.namespaced() ? config.namespace().orElse("") : "";
            BooleanSupplier stop = () -> closing || stopped.getAsBoolean();
            MessageHandler delivery = bulk != null
                    ? new BulkDelivery(s, prefix, bulk, publisher, deliveryPolicy(s), config.pubsub().maxInFlight(),
                            stop)
                    : new TopicDelivery(s, prefix, postman, publisher, publisher.telemetry(), deliveryPolicy(s),
                            config.pubsub().maxInFlight(), stop);
            SubscribeRequest request = new SubscribeRequest(prefix + s.topic(), s.metadata());
            PubSub pubsub = (PubSub) live.instance();
            return call.run(live, "subscribe", () -> pubsub.subscribe(request, delivery));
        });
    }
}
