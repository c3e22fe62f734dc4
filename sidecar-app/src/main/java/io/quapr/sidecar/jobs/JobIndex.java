package io.quapr.sidecar.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.smallrye.mutiny.subscription.UniEmitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32;
import org.jboss.logging.Logger;

/**
 * The names of an app's jobs, which every sidecar of the app reads to find the jobs any of them
 * scheduled. They are spread over {@link #BUCKETS} keys {@code <appId>||jobs-index||<n>} (a job's
 * bucket is the CRC-32 of its name's UTF-8 bytes modulo {@link #BUCKETS}), so that no write
 * rewrites ten thousand names and sidecars scheduling at once rarely touch the same key. A bucket
 * is a JSON object from name to a stamp (the {@link JobRecord#created()} of the version listed):
 * a job replaced under the same name shows as a changed stamp.
 *
 * <p>
 * Every bucket write is an ETag-guarded read-modify-write, tried again from the read when another
 * sidecar won: racing sidecars never lose an update. The changes this sidecar makes to one bucket
 * while a write of it is under way are written together by the next one (a group commit), so a
 * burst of schedules costs a few writes per bucket, not one each. After bucket writes the key
 * {@code <appId>||jobs-index||changed} gets a new random value (one write for all the bucket
 * writes done while the previous one was under way): a sidecar learns that the index changed by
 * reading that one key.
 *
 * <p>
 * Quapr before the buckets kept every name in one key, {@code <appId>||jobs-index} (a JSON array);
 * names found there are moved into the buckets.
 */
final class JobIndex {

    /** How many keys the names are spread over; fixed, as every sidecar of the app must agree. */
    static final int BUCKETS = 64;

    /** One bucket as read: its names with their stamps, and its ETag (null when it does not exist). */
    record Bucket(int n, Map<String, Long> entries, String etag) {
    }

    private static final Logger LOG = Logger.getLogger(JobIndex.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StateOptions FIRST_WRITE = new StateOptions(Concurrency.FIRST_WRITE,
            Consistency.STRONG);
    private static final int TRIES = 20;

    /** A name to list (stamp set, add) or unlist (only if listed with that stamp; any, when null). */
    private record Change(String name, Long stamp, boolean add, UniEmitter<? super Void> done) {
    }

    /** The changes of one bucket waiting for its next write. */
    private static final class Pending {
        final List<Change> changes = new ArrayList<>();
        boolean writing;
    }

    private final StateStore store;
    private final String bucketPrefix;
    private final String changedKey;
    private final String legacyKey;
    private final List<GetRequest> bucketReads;
    private final Pending[] pending = new Pending[BUCKETS];
    /** Whether a marker write is under way, and whether buckets were written since it started. */
    private boolean marking;
    private boolean markAgain;

    JobIndex(StateStore store, String appId) {
        this.store = store;
        this.bucketPrefix = appId + "||jobs-index||";
        this.changedKey = appId + "||jobs-index||changed";
        this.legacyKey = appId + "||jobs-index";
        List<GetRequest> reads = new ArrayList<>();
        for (int n = 0; n < BUCKETS; n++) {
            reads.add(read(bucketPrefix + n));
            pending[n] = new Pending();
        }
        this.bucketReads = List.copyOf(reads);
    }

    /** The bucket a name is listed in. */
    static int bucketOf(String name) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % BUCKETS);
    }

    /** Lists a name with its stamp (replacing the stamp it had). */
    Uni<Void> add(String name, long stamp) {
        return change(name, stamp, true);
    }

    /** Unlists a name: whatever its stamp when {@code stamp} is null, otherwise only if it is that one. */
    Uni<Void> remove(String name, Long stamp) {
        return change(name, stamp, false);
    }

    /** The value of the change marker (empty when never written): a new one means the index changed. */
    Uni<String> changed() {
        return store.get(read(changedKey)).map(r -> r.found() ? new String(r.data(), StandardCharsets.UTF_8) : "");
    }

    /** Every bucket (a missing one empty); fails when one cannot be read. */
    Uni<List<Bucket>> buckets() {
        return store.bulkGet(bucketReads).map(items -> {
            List<Bucket> out = new ArrayList<>(items.size());
            for (int n = 0; n < items.size(); n++) {
                BulkGetItem item = items.get(n);
                if (item.error() != null) {
                    throw new IllegalStateException("reading " + item.key() + ": " + item.error());
                }
                GetResponse r = item.response();
                out.add(r != null && r.found()
                        ? new Bucket(n, parse(r.data()), r.etag())
                        : new Bucket(n, new LinkedHashMap<>(), null));
            }
            return out;
        });
    }

    /** Every name listed. */
    Uni<Set<String>> names() {
        return migrateLegacy().chain(this::buckets).map(all -> {
            Set<String> names = new LinkedHashSet<>();
            all.forEach(b -> names.addAll(b.entries().keySet()));
            return names;
        });
    }

    /**
     * Moves the names an earlier Quapr listed in the single index key into the buckets, then
     * deletes that key (guarded by the ETag read: names added to it meanwhile are moved next time).
     */
    Uni<Void> migrateLegacy() {
        return store.get(read(legacyKey)).chain(r -> {
            if (!r.found()) {
                return Uni.createFrom().voidItem();
            }
            List<Uni<Void>> adds = new ArrayList<>();
            try {
                JSON.readTree(r.data()).forEach(n -> adds.add(add(n.asText(), 0)));
            } catch (IOException e) {
                return Uni.createFrom().failure(new UncheckedIOException(e));
            }
            Uni<Void> moved = adds.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : Uni.join().all(adds).andFailFast().replaceWithVoid();
            return moved.chain(() -> store.delete(new DeleteRequest(legacyKey, r.etag(), Map.of(), FIRST_WRITE)))
                    .invoke(() -> LOG.infof("jobs: moved %d names from %s into %d buckets", adds.size(), legacyKey,
                            BUCKETS))
                    .onFailure(ETagMismatchException.class).recoverWithNull();
        });
    }

    private Uni<Void> change(String name, Long stamp, boolean add) {
        int n = bucketOf(name);
        return Uni.createFrom().emitter(done -> {
            synchronized (pending[n]) {
                pending[n].changes.add(new Change(name, stamp, add, done));
            }
            flush(n);
        });
    }

    /** Writes the bucket's waiting changes, unless a write of it is under way (it calls again when done). */
    private void flush(int n) {
        Pending p = pending[n];
        List<Change> batch;
        synchronized (p) {
            if (p.writing || p.changes.isEmpty()) {
                return;
            }
            p.writing = true;
            batch = List.copyOf(p.changes);
            p.changes.clear();
        }
        write(n, batch, 1).subscribe().with(v -> settle(n, batch, null), e -> settle(n, batch, e));
    }

    private void settle(int n, List<Change> batch, Throwable failure) {
        synchronized (pending[n]) {
            pending[n].writing = false;
        }
        for (Change c : batch) {
            if (failure == null) {
                c.done().complete(null);
            } else {
                c.done().fail(failure);
            }
        }
        flush(n);
    }

    /** Read, apply the changes, write back under the ETag read; again from the read when another sidecar won. */
    private Uni<Void> write(int n, List<Change> batch, int attempt) {
        String key = bucketPrefix + n;
        return store.get(read(key)).chain(r -> {
            Map<String, Long> entries = r.found() ? parse(r.data()) : new LinkedHashMap<>();
            if (!apply(entries, batch)) {
                return Uni.createFrom().voidItem();
            }
            return store.set(new SetRequest(key, render(entries), r.found() ? r.etag() : null, Map.of(),
                    FIRST_WRITE)).invoke(this::markChanged);
        }).onFailure(ETagMismatchException.class).recoverWithUni(e -> attempt < TRIES
                ? write(n, batch, attempt + 1)
                // not the job's own mismatch ("already exists"): the index stayed too busy
                : Uni.createFrom().failure(new IllegalStateException("the job index key " + key
                        + " changed under each of " + TRIES + " writes", e)));
    }

    /** Applies the changes in order; whether the bucket changed. */
    private static boolean apply(Map<String, Long> entries, List<Change> batch) {
        boolean changed = false;
        for (Change c : batch) {
            if (c.add()) {
                changed |= !Objects.equals(entries.put(c.name(), c.stamp()), c.stamp());
            } else if (entries.containsKey(c.name()) && (c.stamp() == null || c.stamp().equals(entries.get(c
                    .name())))) {
                entries.remove(c.name());
                changed = true;
            }
        }
        return changed;
    }

    /**
     * Gives the marker a new value after a bucket write, or, when a marker write is under way
     * (it may have started before the bucket write), once more after it. The bucket is written
     * already: a failure here only delays other sidecars until they read every bucket anyway, so
     * it is logged, and nobody waits for it.
     */
    private void markChanged() {
        synchronized (this) {
            if (marking) {
                markAgain = true;
                return;
            }
            marking = true;
        }
        store.set(SetRequest.of(changedKey, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)))
                .subscribe().with(v -> marked(), e -> {
                    LOG.warnf("jobs: writing %s failed: %s", changedKey, e.getMessage());
                    marked();
                });
    }

    private void marked() {
        synchronized (this) {
            marking = false;
            if (!markAgain) {
                return;
            }
            markAgain = false;
        }
        markChanged();
    }

    private static GetRequest read(String key) {
        return new GetRequest(key, Map.of(), Consistency.STRONG);
    }

    private static Map<String, Long> parse(byte[] bytes) {
        try {
            Map<String, Long> entries = new LinkedHashMap<>();
            JsonNode tree = JSON.readTree(bytes);
            tree.fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue().asLong()));
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] render(Map<String, Long> entries) {
        ObjectNode o = JSON.createObjectNode();
        entries.forEach(o::put);
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }
}
