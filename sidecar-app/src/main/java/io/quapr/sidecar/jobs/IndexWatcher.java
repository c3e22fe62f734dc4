package io.quapr.sidecar.jobs;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this sidecar has seen of the {@link JobIndex}, and what changed since: the jobs to read
 * (listed anew, or replaced: their stamp differs from the version loaded here) and the jobs to
 * forget (no longer listed). It reads the change marker each time and the buckets only when the
 * marker moved (or, in case a sidecar died between a bucket write and the marker write, every
 * {@code listAll}); only buckets whose ETag changed are parsed and compared. Besides, the polls
 * hand out the jobs of one bucket after the other to be read again, so that each job is read
 * again every {@code reread} whatever happened (a change no stamp shows, such as another sidecar
 * moving a job's next run; a stale time here that is too early corrects itself when it comes up,
 * as the job is read before it is fired).
 *
 * <p>
 * One poll at a time (the scheduler's refresh), from any thread; {@link #loaded} and
 * {@link #forget} from any thread at any time.
 */
final class IndexWatcher {

    /**
     * The outcome of a poll.
     *
     * @param read the jobs to read from the store and load, with their stamps in the index
     * @param removed the jobs no longer listed
     */
    record Changes(Map<String, Long> read, Set<String> removed) {
    }

    private final JobIndex index;
    private final long listAllMillis;
    private final int bucketsPerPoll;
    private final int pollsPerBucket;
    /** The stamp of the version of each job loaded here. */
    private final Map<String, Long> loaded = new ConcurrentHashMap<>();
    /** Each bucket as last read, and its ETag. */
    private final List<Map<String, Long>> seen = new ArrayList<>();
    private final String[] etags = new String[JobIndex.BUCKETS];
    private String marker;
    private long listedAllAt;
    private int rotation;
    private long polls;

    /**
     * @param listAll how often (ms) every bucket is read though the marker did not move
     * @param reread how often (ms) every job is read again
     * @param poll how often (ms) {@link #poll} is called
     */
    IndexWatcher(JobIndex index, long listAll, long reread, long poll) {
        this.index = index;
        this.listAllMillis = listAll;
        // a few buckets each poll, or one every few polls
        this.bucketsPerPoll = (int) Math.max(1, Math.ceil((double) JobIndex.BUCKETS * poll / reread));
        this.pollsPerBucket = (int) Math.max(1, reread / (poll * JobIndex.BUCKETS));
        for (int n = 0; n < JobIndex.BUCKETS; n++) {
            seen.add(new HashMap<>());
        }
    }

    /**
     * This sidecar loaded (or itself wrote) the version of the job with that stamp; or found no
     * job for the name listed with that stamp (a name left listed by a sidecar that died between
     * deleting the job and unlisting it), which is not read again until its stamp changes.
     */
    void loaded(String name, long stamp) {
        loaded.put(name, stamp);
    }

    /** This sidecar no longer keeps the job. */
    void forget(String name) {
        loaded.remove(name);
    }

    /** The next poll reads every bucket again: the last one's jobs could not all be read. */
    void invalidate() {
        marker = null;
        Arrays.fill(etags, null);
    }

    /** Reads what changed. */
    Uni<Changes> poll(long now) {
        boolean all = now - listedAllAt >= listAllMillis;
        return index.migrateLegacy().chain(index::changed).chain(m -> {
            if (!all && m.equals(marker)) {
                return Uni.createFrom().item(rotate(new Changes(new LinkedHashMap<>(), new HashSet<>())));
            }
            return index.buckets().map(buckets -> {
                marker = m;
                if (all) {
                    listedAllAt = now;
                }
                Changes c = new Changes(new LinkedHashMap<>(), new HashSet<>());
                for (JobIndex.Bucket b : buckets) {
                    if (b.etag() == null
                            ? etags[b.n()] == null && seen.get(b.n()).isEmpty()
                            : b.etag().equals(etags[b.n()])) {
                        continue;
                    }
                    diff(seen.get(b.n()), b.entries(), c);
                    seen.set(b.n(), b.entries());
                    etags[b.n()] = b.etag();
                }
                return rotate(c);
            });
        });
    }

    private void diff(Map<String, Long> before, Map<String, Long> now, Changes into) {
        for (String name : before.keySet()) {
            if (!now.containsKey(name)) {
                into.removed().add(name);
                loaded.remove(name);
            }
        }
        now.forEach((name, stamp) -> {
            if (!Objects.equals(loaded.get(name), stamp)) {
                into.read().put(name, stamp);
            }
        });
    }

    /** Adds the next buckets' jobs to the ones read, when it is their turn. */
    private Changes rotate(Changes c) {
        if (polls++ % pollsPerBucket != 0) {
            return c;
        }
        for (int i = 0; i < bucketsPerPoll; i++) {
            seen.get(rotation).forEach(c.read()::putIfAbsent);
            rotation = (rotation + 1) % JobIndex.BUCKETS;
        }
        return c;
    }
}
