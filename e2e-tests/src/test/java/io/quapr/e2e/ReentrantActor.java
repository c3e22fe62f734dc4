package io.quapr.e2e;

import io.dapr.actors.ActorType;

/**
 * A reentrant actor, called through an {@code ActorProxyBuilder} proxy. The app serves it with
 * daprd's app protocol directly ({@link ActorHostApp}), not with the SDK's actor runtime: the
 * Java SDK's {@code AbstractActor} cannot be re-entered (the inner call's end clears the outer
 * call's state, and the outer one then fails with "Cannot complete a method before starting a
 * call"), and the SDK neither declares reentrancy in {@code /dapr/config} nor passes the chain's
 * id on.
 */
@ActorType(name = "ReentrantActor")
public interface ReentrantActor {

    /**
     * Calls itself {@code depth} times over, each call made from inside the turn of the one
     * before with the chain's {@code Dapr-Reentrancy-Id}: only a reentrant actor can answer.
     *
     * @return {@code in(in(...(bottom)))}, one {@code in} per level
     */
    String reenter(int depth);
}
