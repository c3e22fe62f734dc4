package io.quapr.sidecar.actors;

import io.dapr.v1.CommonProtos.JobFailurePolicy;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.appchannel.AppChannel.AppReply;
import io.quapr.sidecar.resiliency.Resiliency;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * The actors building block, shared by the HTTP and gRPC APIs: checks a request in daprd's order
 * and with its answers, and has {@link ActorRouter} run each call on the actor's sidecar.
 */
@ApplicationScoped
public class ActorsService {

    private static final String RUNTIME_NOT_FOUND = "the state store is not configured to use the actor runtime."
            + " Have you set the - name: actorStateStore value: \"true\" in your state store component file?";

    @Inject
    ActorRuntime runtime;

    @Inject
    ActorRouter router;

    @Inject
    Resiliency resiliency;

    @Inject
    ActorStates states;

    @Inject
    ActorTimers timers;

    @Inject
    ActorReminders reminders;

    /**
     * Calls an actor method.
     *
     * @param headers the caller's headers, passed to the app
     * @return the app's answer (status 200, its body and headers)
     */
    public Uni<AppReply> invoke(String type, String id, String method, byte[] body, MultiMap headers) {
        return run(() -> {
            requireName(type, "actorType");
            requireName(id, "actorId");
            if (method == null || method.isEmpty()) {
                throw new DaprException(ErrorCode.BAD_REQUEST, "invalid request: method name is empty");
            }
            // the type's Resiliency retry and circuit breaker around the whole call (daprd's pre-lock policy)
            return resiliency.actorRunner(type, id).run(() -> router.call(new ActorRouter.Call(type, id, method, body,
                    headers, false)))
                    .onFailure(ActorRuntime.ActorCallException.class).transform(e -> new DaprException(
                            ErrorCode.ACTOR_INVOKE_METHOD, "error invoke actor method: " + e.getMessage()))
                    .onFailure(e -> !(e instanceof DaprException)).transform(e -> new DaprException(
                            ErrorCode.ACTOR_INVOKE_METHOD, "error invoke actor method: " + e.getMessage())
                            .withCause(e));
        });
    }

    /** A state value of the actor; {@link GetResponse#MISSING} when there is none. */
    public Uni<GetResponse> getState(String type, String id, String key) {
        return run(() -> {
            requireHosted(type, id);
            return guard(states.get(type, id, key), ErrorCode.ACTOR_STATE_GET, "error getting actor state: ");
        });
    }

    /** Applies state operations of the actor together. */
    public Uni<Void> transaction(String type, String id, List<ActorStates.Operation> operations) {
        return run(() -> {
            requireHosted(type, id);
            return guard(states.transaction(type, id, operations), ErrorCode.ACTOR_STATE_TRANSACTION_SAVE,
                    "error saving actor transaction state: ");
        });
    }

    /**
     * Registers a timer.
     *
     * @param data its data as JSON text, or null
     */
    public Uni<Void> createTimer(String type, String id, String name, String dueTime, String period, String ttl,
            String callback, byte[] data) {
        return run(() -> {
            requireReminderName(name);
            if (!runtime.hosts(type)) {
                throw new DaprException(ErrorCode.ACTOR_TIMER_CREATE, "error creating actor timer: actor type "
                        + type + " is not hosted by this app");
            }
            return timers.create(type, id, name, dueTime, period, ttl, callback, data).onFailure(
                    ActorRuntime.LeaseHeldException.class)
                    .transform(e -> new DaprException(ErrorCode.ACTOR_TIMER_CREATE,
                            "error creating actor timer: " + e.getMessage()));
        });
    }

    /** Removes a timer; nothing when there is none. */
    public Uni<Void> deleteTimer(String type, String id, String name) {
        return run(() -> {
            timers.delete(type, id, name);
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * Registers a reminder.
     *
     * @param data its data as JSON text, or null
     * @param overwrite replace one of that name (daprd's default when the request does not say)
     */
    public Uni<Void> createReminder(String type, String id, String name, String dueTime, String period,
            String ttl, byte[] data, boolean overwrite, JobFailurePolicy failurePolicy) {
        return run(() -> {
            requireReminderName(name);
            requireHostedForReminders(type);
            Uni<Void> create;
            try {
                create = reminders.create(type, id, name, dueTime, period, ttl, data, overwrite, failurePolicy);
            } catch (IllegalArgumentException e) {
                throw new DaprException(ErrorCode.ACTOR_REMINDER_CREATE, "error creating actor reminder: " + e
                        .getMessage());
            }
            return guard(create.onFailure(ETagMismatchException.class).transform(e -> new DaprException(
                    ErrorCode.ACTOR_REMINDER_ALREADY_EXISTS, "actor reminder already exists: " + name)),
                    ErrorCode.ACTOR_REMINDER_CREATE, "error creating actor reminder: ");
        });
    }

    /** A reminder; {@code ERR_ACTOR_REMINDER_NOT_FOUND} when there is none. */
    public Uni<ActorReminders.Reminder> getReminder(String type, String id, String name) {
        return run(() -> {
            requireHostedForReminders(type);
            return guard(reminders.get(type, id, name), ErrorCode.ACTOR_REMINDER_GET, "error getting actor reminder: ")
                    .map(r -> {
                        if (r == null) {
                            throw new DaprException(ErrorCode.ACTOR_REMINDER_NOT_FOUND, "actor reminder not found: "
                                    + name);
                        }
                        return r;
                    });
        });
    }

    /** Deletes a reminder; nothing when there is none. */
    public Uni<Void> deleteReminder(String type, String id, String name) {
        return run(() -> {
            requireHostedForReminders(type);
            return guard(reminders.delete(type, id, name), ErrorCode.ACTOR_REMINDER_DELETE,
                    "error deleting actor reminder: ");
        });
    }

    /**
     * The data of a gRPC registration (bytes) as the JSON text daprd sends the app for it: Go
     * marshals a byte slice as a base64 string; none when empty.
     */
    public static byte[] grpcData(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        return ("\"" + Base64.getEncoder().encodeToString(bytes) + "\"").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The reminders of a type's actors, or of one actor.
     *
     * @param id the actor id, or null for every actor of the type
     */
    public Uni<List<ActorReminders.Named>> listReminders(String type, String id) {
        return run(() -> {
            requireHostedForReminders(type);
            return guard(reminders.list(type, id), ErrorCode.ACTOR_REMINDER_GET, "error getting actor reminder: ");
        });
    }

    /**
     * Deletes the reminders of a type's actors, or of one actor.
     *
     * @param id the actor id, or null for every actor of the type
     */
    public Uni<Void> deleteReminders(String type, String id) {
        return run(() -> {
            requireHostedForReminders(type);
            return guard(reminders.deleteAll(type, id), ErrorCode.ACTOR_REMINDER_DELETE,
                    "error deleting actor reminder: ");
        });
    }

    /**
     * Runs a call once the runtime is up and the app's actor types are known; its checks'
     * exceptions become failures.
     */
    private <T> Uni<T> run(Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> {
            if (!runtime.enabled()) {
                throw new DaprException(ErrorCode.ACTOR_RUNTIME_NOT_FOUND, RUNTIME_NOT_FOUND);
            }
            return runtime.typesKnown().chain(call::get);
        });
    }

    private void requireHosted(String type, String id) {
        if (!runtime.hosts(type)) {
            // daprd: state of an actor that does not live here cannot be read or written here
            throw new DaprException(ErrorCode.ACTOR_INSTANCE_MISSING, "actor instance is missing");
        }
    }

    private void requireHostedForReminders(String type) {
        if (!runtime.hosts(type)) {
            throw new DaprException(ErrorCode.ACTOR_REMINDER_NON_HOSTED,
                    "operations on actor reminders are only possible on hosted actor types");
        }
    }

    private static void requireName(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new DaprException(ErrorCode.BAD_REQUEST, "invalid request: invalid " + what
                    + ": name is empty");
        }
    }

    private static void requireReminderName(String name) {
        if (name == null || name.isEmpty()) {
            throw new DaprException(ErrorCode.BAD_REQUEST, "invalid request: name is empty");
        }
    }

    private static <T> Uni<T> guard(Uni<T> call, ErrorCode code, String prefix) {
        return call.onFailure(e -> !(e instanceof DaprException)).transform(e -> new DaprException(code, prefix + e
                .getMessage()).withCause(e));
    }
}
