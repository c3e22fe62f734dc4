package io.quapr.sidecar.actors;

import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOperation;
import io.quapr.spi.state.StateOptions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Actor state in the actor state store, under daprd's keys {@code <appId>||<type>||<id>||<key>},
 * so state written by daprd is read here and the other way round; a transaction is one
 * {@code multi} of the store.
 */
@ApplicationScoped
public class ActorStates {

    /** daprd's separator of the parts of an actor state key. */
    static final String SEPARATOR = "||";

    @Inject
    ActorRuntime runtime;

    /**
     * One operation of an actor state transaction.
     *
     * @param upsert an upsert (otherwise a delete)
     * @param key the actor's key
     * @param value the value's bytes (upserts)
     * @param metadata the operation's metadata ({@code ttlInSeconds})
     */
    public record Operation(boolean upsert, String key, byte[] value, Map<String, String> metadata) {
    }

    /** The store key of an actor's state key. */
    String storeKey(String type, String id, String key) {
        return runtime.appId() + SEPARATOR + type + SEPARATOR + id + SEPARATOR + key;
    }

    /** The value under the key; {@link GetResponse#MISSING} when there is none. */
    public Uni<GetResponse> get(String type, String id, String key) {
        return runtime.store().get(new GetRequest(storeKey(type, id, key), Map.of(), Consistency.STRONG));
    }

    /** Applies the operations together. */
    public Uni<Void> transaction(String type, String id, List<Operation> operations) {
        if (operations.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<StateOperation> ops = new ArrayList<>(operations.size());
        for (Operation o : operations) {
            String k = storeKey(type, id, o.key());
            ops.add(o.upsert()
                    ? new SetRequest(k, o.value(), null, o.metadata(), StateOptions.DEFAULT)
                    : new DeleteRequest(k, null, o.metadata(), StateOptions.DEFAULT));
        }
        return runtime.store().multi(ops, Map.of());
    }
}
