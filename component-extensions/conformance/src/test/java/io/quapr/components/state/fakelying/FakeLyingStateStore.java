package io.quapr.components.state.fakelying;

import io.quapr.components.state.fakeplain.FakePlainStateStore;
import io.quapr.spi.ComponentType;
import io.quapr.spi.state.StateFeature;
import jakarta.enterprise.context.Dependent;
import java.util.Arrays;
import java.util.Set;

/** Claims ETAG, hands out ETags, but never checks them. The kit must catch it. */
@Dependent
@ComponentType("state.fakelying")
public class FakeLyingStateStore extends FakePlainStateStore {

    @Override
    public Set<StateFeature> features() {
        return Set.of(StateFeature.ETAG);
    }

    @Override
    protected String etag(byte[] value) {
        return Integer.toString(Arrays.hashCode(value));
    }
}
