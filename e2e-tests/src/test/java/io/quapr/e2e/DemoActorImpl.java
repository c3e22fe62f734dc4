package io.quapr.e2e;

import io.dapr.actors.ActorId;
import io.dapr.actors.runtime.AbstractActor;
import io.dapr.actors.runtime.ActorRuntimeContext;
import io.dapr.actors.runtime.Remindable;
import io.dapr.utils.TypeRef;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** {@link DemoActor} as the Java SDK's actor runtime hosts it. */
public class DemoActorImpl extends AbstractActor implements DemoActor, Remindable<String> {

    /** The SDK creates it on activation. */
    public DemoActorImpl(ActorRuntimeContext<DemoActorImpl> context, ActorId id) {
        super(context, id);
    }

    @Override
    public String say(String message) {
        return getId() + ": " + message;
    }

    @Override
    public int increment() {
        int n = read("count", Integer.class, 0) + 1;
        getActorStateManager().set("count", n).block();
        return n;
    }

    @Override
    public void remindMe(String data) {
        registerReminder("r", data, Duration.ofMillis(300), Duration.ofHours(1)).block();
    }

    @Override
    public void startTimer(String data) {
        registerActorTimer("t", "tick", data, Duration.ofMillis(200), Duration.ofHours(1)).block();
    }

    @Override
    public void tick(String data) {
        getActorStateManager().set("ticked", data).block();
    }

    @Override
    public String ticked() {
        return read("ticked", String.class, "");
    }

    @Override
    public String reminded() {
        return read("reminded", String.class, "");
    }

    /** The state's value, or the fallback when the key has none. */
    private <T> T read(String key, Class<T> type, T fallback) {
        return getActorStateManager().contains(key).block()
                ? getActorStateManager().get(key, type).block()
                : fallback;
    }

    @Override
    public TypeRef<String> getStateType() {
        return TypeRef.STRING;
    }

    @Override
    public Mono<Void> receiveReminder(String name, String state, Duration dueTime, Duration period) {
        return getActorStateManager().set("reminded", name + ":" + state);
    }
}
