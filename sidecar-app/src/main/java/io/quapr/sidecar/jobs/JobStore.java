package io.quapr.sidecar.jobs;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The jobs of one app in a state store: each under {@code <appId>||jobs||<name>} (app keys cannot
 * hold {@code ||}, so none collides), listed in the {@link JobIndex}, which every sidecar of the
 * app reads to find the jobs any of them scheduled. Every change of a job or of the index is
 * ETag-guarded: sidecars that race see a mismatch, never a lost update.
 */
final class JobStore {

    /** A stored job and the ETag of the version read. */
    record Stored(JobRecord record, String etag) {
    }

    private static final StateOptions FIRST_WRITE = new StateOptions(Concurrency.FIRST_WRITE,
            Consistency.STRONG);
    /** The most jobs read at once: ten thousand concurrent reads would crowd out the firing. */
    private static final int READ_CHUNK = 256;

    private final StateStore store;
    private final String prefix;
    private final JobIndex index;

    JobStore(StateStore store, String appId) {
        this.store = store;
        this.prefix = appId + "||jobs||";
        this.index = new JobIndex(store, appId);
    }

    /** The index of the jobs' names. */
    JobIndex index() {
        return index;
    }

    /** The job, or null. */
    Uni<Stored> get(String name) {
        return store.get(new GetRequest(prefix + name, Map.of(), Consistency.STRONG))
                .map(r -> r.found() ? new Stored(JobRecord.fromBytes(r.data()), r.etag()) : null);
    }

    /** Several jobs, {@value #READ_CHUNK} at a time; the missing ones are left out. */
    Uni<List<Stored>> getAll(List<String> names) {
        return getAll(names, 0, new ArrayList<>());
    }

    private Uni<List<Stored>> getAll(List<String> names, int from, List<Stored> into) {
        if (from >= names.size()) {
            return Uni.createFrom().item(into);
        }
        List<GetRequest> reads = names.subList(from, Math.min(names.size(), from + READ_CHUNK)).stream()
                .map(n -> new GetRequest(prefix + n, Map.of(), Consistency.STRONG)).toList();
        return store.bulkGet(reads).chain(items -> {
            for (BulkGetItem item : items) {
                GetResponse r = item.response();
                if (item.error() == null && r != null && r.found()) {
                    into.add(new Stored(JobRecord.fromBytes(r.data()), r.etag()));
                }
            }
            return getAll(names, from + READ_CHUNK, into);
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
        return store.set(write).chain(() -> index.add(record.name(), record.created()));
    }

    /** Replaces the version read; {@link ETagMismatchException} when another sidecar changed it first. */
    Uni<Void> replace(JobRecord record, String etag) {
        return store.set(new SetRequest(prefix + record.name(), record.toBytes(), etag, Map.of(), FIRST_WRITE));
    }

    /** Deletes a job, whatever its version, and unlists it. */
    Uni<Void> delete(String name) {
        return store.delete(new DeleteRequest(prefix + name, null, Map.of(), StateOptions.DEFAULT))
                .chain(() -> index.remove(name, null));
    }

    /**
     * Deletes the version read and unlists it, unless the name was listed again for a newer
     * version meanwhile; {@link ETagMismatchException} when another sidecar changed it first.
     */
    Uni<Void> delete(Stored read) {
        String name = read.record().name();
        return store.delete(new DeleteRequest(prefix + name, read.etag(), Map.of(), FIRST_WRITE))
                .chain(() -> index.remove(name, read.record().created()));
    }

    /** The names of the app's jobs. */
    Uni<Set<String>> names() {
        return index.names();
    }
}
