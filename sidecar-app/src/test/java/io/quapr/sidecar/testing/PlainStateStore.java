package io.quapr.sidecar.testing;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.Dependent;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test fixture component ({@code state.test-plain}): a state store with no features at all,
 * because every shipped store has ETags and transactions and the tests need daprd's answers for
 * one that has neither.
 */
@Dependent
@ComponentType("state.test-plain")
public class PlainStateStore implements StateStore {

    private final Map<String, byte[]> values = new ConcurrentHashMap<>();

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().voidItem();
    }

    @Override
    public Set<StateFeature> features() {
        return Set.of();
    }

    @Override
    public Uni<GetResponse> get(GetRequest request) {
        byte[] v = values.get(request.key());
        return Uni.createFrom().item(v == null ? GetResponse.MISSING : new GetResponse(v, null, Map.of(), null));
    }

    @Override
    public Uni<Void> set(SetRequest request) {
        values.put(request.key(), request.value());
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> delete(DeleteRequest request) {
        values.remove(request.key());
        return Uni.createFrom().voidItem();
    }
}
