package io.quapr.components.pubsub.fakelossy;

import io.quapr.components.pubsub.fakeplain.FakePlainPubSub;
import io.quapr.spi.ComponentType;
import io.quapr.spi.pubsub.Message;
import jakarta.enterprise.context.Dependent;

/**
 * A pub/sub that loses a message whose handler failed, as Dapr's in-memory one does. The kit
 * must fail it, and only in the redelivery case.
 */
@Dependent
@ComponentType("pubsub.fakelossy")
public class FakeLossyPubSub extends FakePlainPubSub {

    @Override
    protected void onFailure(Object subscription, Message m) {
        // dropped: the broken promise under test
    }
}
