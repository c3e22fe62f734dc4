package io.quapr.sidecar.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quapr.spi.state.BulkGetItem;
import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import io.quapr.spi.state.StateStore;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The jobs of one app in a state store: each under {@code <appId>||jobs||<name>} (app keys cannot
 * hold {@code ||}, so none collides), and the list of their names under
 * {@code <appId>||jobs-index}, which every sidecar of the app reads to find the jobs any of them
 * scheduled. Every change of a job or of the list is ETag-guarded: sidecars that race see a
 * mismatch, never a lost update.
 */
final class JobStore {

    /** A stored job and the ETag of the version read. */
    record Stored(JobRecord record, String etag) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StateOptions FIRST_WRITE = new StateOptions(Concurrency.FIRST_WRITE,
            Consistency.STRONG);
    private static final int INDEX_TRIES = 20;

    private final StateStore store;
    private final String prefix;
    private final String indexKey;

    JobStore(StateStore store, String appId) {
        this.store = store;
        this.prefix = appId + "||jobs||";
        this.indexKey = appId + "||jobs-index";
    }

    /** The job, or null. */
    Uni<Stored> get(String name) {
        return store.get(new GetRequest(prefix + name, Map.of(), Consistency.STRONG))
                .map(r -> r.found() ? new Stored(JobRecord.fromBytes(r.data()), r.etag()) : null);
    }

    /** Several jobs at once; the missing ones are left out. */
    Uni<List<Stored>> getAll(List<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<GetRequest> reads = names.stream().map(n -> new GetRequest(prefix + n, Map.of(), Consistency.STRONG))
                .toList();
        return store.bulkGet(reads).map(items -> {
            List<Stored> out = new ArrayList<>();
            for (BulkGetItem item : items) {
                GetResponse r = item.response();
                if (item.error() == null && r != null && r.found()) {
                    out.add(new Stored(JobRecord.fromBytes(r.data()), r.etag()));
                }
            }
            return out;
        });
    }

    /**
     * Writes a new job and lists it.
     *
     * @param overwrite replace a job of that name; otherwise fail with {@link ETagMismatchException}
     *        when one exists
     */
    Uni<Void> create(JobRecord record, boolean overwrite) {
        SetRequest write = overwrite
                ? SetRequest.of(prefix + record.name(), record.toBytes())
                : new SetRequest(prefix + record.name(), record.toBytes(), null, Map.of(), FIRST_WRITE);
        return store.set(write).chain(() -> changeIndex(names -> {
            names.add(record.name());
            return names;
        }));
    }

    /** Replaces the version read; {@link ETagMismatchException} when another sidecar changed it first. */
    Uni<Void> replace(JobRecord record, String etag) {
        return store.set(new SetRequest(prefix + record.name(), record.toBytes(), etag, Map.of(), FIRST_WRITE));
    }

    /** Deletes a job (the version read, when an ETag is given) and unlists it. */
    Uni<Void> delete(String name, String etag) {
        return store.delete(new DeleteRequest(prefix + name, etag, Map.of(), etag == null
                ? StateOptions.DEFAULT
                : FIRST_WRITE)).chain(() -> changeIndex(names -> {
                    names.remove(name);
                    return names;
                }));
    }

    /** The names of the app's jobs. */
    Uni<Set<String>> names() {
        return store.get(new GetRequest(indexKey, Map.of(), Consistency.STRONG))
                .map(r -> r.found() ? parse(r.data()) : new LinkedHashSet<>());
    }

    /** Read, change, write back under the ETag read; again from the start when another sidecar won. */
    private Uni<Void> changeIndex(UnaryOperator<Set<String>> change) {
        return changeIndex(change, 1);
    }

    private Uni<Void> changeIndex(UnaryOperator<Set<String>> change, int attempt) {
        return store.get(new GetRequest(indexKey, Map.of(), Consistency.STRONG)).chain(r -> {
            Set<String> names = change.apply(r.found() ? parse(r.data()) : new LinkedHashSet<>());
            SetRequest write = new SetRequest(indexKey, render(names), r.found() ? r.etag() : null, Map.of(),
                    FIRST_WRITE);
            return store.set(write);
        }).onFailure(e -> e instanceof ETagMismatchException && attempt < INDEX_TRIES)
                .recoverWithUni(e -> changeIndex(change, attempt + 1));
    }

    private static Set<String> parse(byte[] bytes) {
        try {
            Set<String> names = new LinkedHashSet<>();
            JSON.readTree(bytes).forEach(n -> names.add(n.asText()));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] render(Set<String> names) {
        ArrayNode a = JSON.createArrayNode();
        names.forEach(a::add);
        return a.toString().getBytes(StandardCharsets.UTF_8);
    }
}
