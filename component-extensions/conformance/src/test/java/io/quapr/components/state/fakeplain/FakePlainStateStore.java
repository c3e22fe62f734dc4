package io.quapr.components.state.fakeplain;

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

/** The smallest honest state store: get, set, delete, no features. The kit must pass it. */
@Dependent
@ComponentType("state.fakeplain")
public class FakePlainStateStore implements StateStore {

    /** Values by key. */
    protected final Map<String, byte[]> values = new ConcurrentHashMap<>();

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
        return Uni.createFrom().item(() -> {
            byte[] v = values.get(request.key());
            return v == null ? GetResponse.MISSING : new GetResponse(v.clone(), etag(v), Map.of(), null);
        });
    }

    @Override
    public Uni<Void> set(SetRequest request) {
        return Uni.createFrom().item(() -> {
            values.put(request.key(), request.value().clone());
            return null;
        });
    }

    @Override
    public Uni<Void> delete(DeleteRequest request) {
        return Uni.createFrom().item(() -> {
            values.remove(request.key());
            return null;
        });
    }

    /** No ETags here. */
    protected String etag(byte[] value) {
        return null;
    }
}
