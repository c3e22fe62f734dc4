package io.quapr.e2e;

import io.dapr.actors.ActorType;

/** The actor the SDK test calls through an {@code ActorProxyBuilder} proxy. */
@ActorType(name = "DemoActor")
public interface DemoActor {

    /** Answers with the message, marked by the actor's id. */
    String say(String message);

    /** Adds one to the actor's counter (kept in actor state) and answers the new value. */
    int increment();

    /** Registers a reminder (due in 300 ms, then hourly) whose data the actor keeps when it fires. */
    void remindMe(String data);

    /** Registers a timer (due in 200 ms, then hourly) whose callback {@link #tick} keeps its data. */
    void startTimer(String data);

    /** The timer's callback. */
    void tick(String data);

    /** The data of the last timer firing, or empty. */
    String ticked();

    /** The data of the last reminder that fired, or empty. */
    String reminded();
}
