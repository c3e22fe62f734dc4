package io.quapr.components.state.inmemory;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.DeleteWithPrefixStateStore;
import io.quapr.spi.state.ETagInvalidException;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.KeysLikeStateStore;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateOperation;
import io.quapr.spi.state.StateOptions;
import io.quapr.spi.state.TransactionalStateStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.Dependent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code state.in-memory}: keys held in the sidecar's memory, lost on restart, private to one
 * sidecar. It has everything an actor state store needs (ETags, transactions) plus TTL,
 * delete-with-prefix and keys-like.
 *
 * <p>
 * Every operation is a few map updates done on the calling thread, inside the returned
 * {@code Uni}; nothing waits for I/O. Single-key writes are atomic through
 * {@link ConcurrentHashMap#compute}, and run side by side under the shared side of a read-write
 * lock; transactions and prefix deletes take the exclusive side, so they apply all at once and no
 * read or single write sees them half done. The lock is never held beyond one call.
 *
 * <p>
 * ETags are write numbers from one counter, so an ETag is never reused, even for a key deleted
 * and written again. Expiry uses the clock from the {@link ComponentContext}: expired keys are
 * invisible at once, and a Vert.x timer removes them every second.
 */
@Dependent
@ComponentType("state.in-memory")
public class InMemoryStateStore implements TransactionalStateStore, DeleteWithPrefixStateStore, KeysLikeStateStore {

    /** How often expired keys are removed from memory (Dapr's store sweeps every second too). */
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private static final Set<StateFeature> FEATURES = Collections.unmodifiableSet(EnumSet.of(StateFeature.ETAG,
            StateFeature.TRANSACTIONAL, StateFeature.TTL, StateFeature.DELETE_WITH_PREFIX, StateFeature.KEYS_LIKE));

    private static final String PREFIX_SEPARATOR = "||";

    private final ConcurrentHashMap<String, StoredValue> items = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong writes = new AtomicLong();
    private final Duration sweepInterval;
    private volatile Clock clock = Clock.systemUTC();
    private Vertx vertx;
    private long sweepTimer = -1;

    /** The store as the sidecar creates it; {@link #init} starts the sweeper. */
    public InMemoryStateStore() {
        this(SWEEP_INTERVAL);
    }

    /** A store that sweeps at another interval, for tests. */
    InMemoryStateStore(Duration sweepInterval) {
        this.sweepInterval = sweepInterval;
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().item(() -> {
            clock = context.clock();
            vertx = context.vertx();
            sweepTimer = vertx.setPeriodic(sweepInterval.toMillis(), id -> sweep());
            return null;
        });
    }

    @Override
    public Uni<Void> close() {
        return Uni.createFrom().item(() -> {
            if (sweepTimer >= 0) {
                vertx.cancelTimer(sweepTimer);
                sweepTimer = -1;
            }
            items.clear();
            return null;
        });
    }

    @Override
    public Set<StateFeature> features() {
        return FEATURES;
    }

    @Override
    public Uni<GetResponse> get(GetRequest request) {
        return Uni.createFrom().item(() -> holding(lock.readLock(), () -> read(request.key())));
    }

    @Override
    public Uni<Void> set(SetRequest request) {
        return Uni.createFrom().item(() -> {
            Instant now = clock.instant();
            // parse before taking the lock: a bad ttlInSeconds writes nothing
            StoredValue next = newValue(request, now);
            return holding(lock.readLock(), () -> {
                items.compute(request.key(), (key, old) -> {
                    checkETag(key, StoredValue.live(old, now), request.etag(), request.options());
                    return next;
                });
                return null;
            });
        });
    }

    @Override
    public Uni<Void> delete(DeleteRequest request) {
        return Uni.createFrom().item(() -> {
            Instant now = clock.instant();
            return holding(lock.readLock(), () -> {
                items.compute(request.key(), (key, old) -> {
                    checkETag(key, StoredValue.live(old, now), request.etag(), request.options());
                    return null;
                });
                return null;
            });
        });
    }

    /**
     * Applies the operations to a staged copy of the keys they touch, each one checked against
     * the effect of those before it, then publishes the staged keys together. A failed check
     * leaves the map untouched.
     */
    @Override
    public Uni<Void> multi(List<StateOperation> operations, Map<String, String> metadata) {
        return Uni.createFrom().item(() -> holding(lock.writeLock(), () -> {
            Instant now = clock.instant();
            Map<String, Optional<StoredValue>> staged = new LinkedHashMap<>();
            for (StateOperation op : operations) {
                Optional<StoredValue> seen = staged.get(op.key());
                StoredValue current = seen != null ? seen.orElse(null) : StoredValue.live(items.get(op.key()), now);
                checkETag(op.key(), current, op.etag(), op.options());
                staged.put(op.key(), op instanceof SetRequest set ? Optional.of(newValue(set, now)) : Optional.empty());
            }
            staged.forEach((key, value) -> {
                if (value.isPresent()) {
                    items.put(key, value.get());
                } else {
                    items.remove(key);
                }
            });
            return null;
        }));
    }

    /**
     * Deletes every key that starts with {@code prefix}; a prefix without the trailing
     * {@code ||} gets one, as Dapr does. Expired keys are removed but not counted.
     */
    @Override
    public Uni<Long> deleteWithPrefix(String prefix) {
        return Uni.createFrom().item(() -> {
            if (prefix == null || prefix.isEmpty() || prefix.equals(PREFIX_SEPARATOR)) {
                throw new IllegalArgumentException("delete-with-prefix needs a non-empty prefix");
            }
            String full = prefix.endsWith(PREFIX_SEPARATOR) ? prefix : prefix + PREFIX_SEPARATOR;
            return holding(lock.writeLock(), () -> {
                Instant now = clock.instant();
                long count = 0;
                for (Map.Entry<String, StoredValue> e : items.entrySet()) {
                    // only keys directly under the prefix, as Dapr does: an actor whose id
                    // contains "||" must not take another actor's state with it
                    if (e.getKey().startsWith(full) && e.getKey().indexOf(PREFIX_SEPARATOR, full.length()) < 0) {
                        if (!e.getValue().expiredAt(now)) {
                            count++;
                        }
                        items.remove(e.getKey());
                    }
                }
                return count;
            });
        });
    }

    /**
     * Lists matching keys in key order. The continuation token is the last key of the page, so a
     * page never repeats a key and keys written between pages appear where they sort.
     */
    @Override
    public Uni<KeysPage> keysLike(String pattern, String continuationToken, int pageSize) {
        return Uni.createFrom().item(() -> {
            Pattern like = LikePattern.compile(pattern);
            List<String> matches = holding(lock.readLock(), () -> {
                Instant now = clock.instant();
                List<String> found = new ArrayList<>();
                items.forEach((key, value) -> {
                    if (!value.expiredAt(now) && like.matcher(key).matches()
                            && (continuationToken == null || key.compareTo(continuationToken) > 0)) {
                        found.add(key);
                    }
                });
                return found;
            });
            Collections.sort(matches);
            if (pageSize > 0 && matches.size() > pageSize) {
                List<String> page = List.copyOf(matches.subList(0, pageSize));
                return new KeysPage(page, page.get(pageSize - 1));
            }
            return new KeysPage(List.copyOf(matches), null);
        });
    }

    /** Removes every expired key; run by the timer, and by tests. */
    void sweep() {
        Instant now = clock.instant();
        // remove(key, value) only drops the exact expired record, never a newer write
        items.forEach((key, value) -> {
            if (value.expiredAt(now)) {
                items.remove(key, value);
            }
        });
    }

    /** How many records are in memory, expired ones not yet swept included; for tests. */
    int size() {
        return items.size();
    }

    private GetResponse read(String key) {
        StoredValue value = items.get(key);
        if (value == null) {
            return GetResponse.MISSING;
        }
        if (value.expiredAt(clock.instant())) {
            items.remove(key, value);
            return GetResponse.MISSING;
        }
        Map<String, String> metadata = value.expiresAt() == null
                ? Map.of()
                : Map.of(GetResponse.TTL_EXPIRE_TIME,
                        DateTimeFormatter.ISO_INSTANT.format(value.expiresAt().truncatedTo(ChronoUnit.SECONDS)));
        return new GetResponse(value.data().clone(), Long.toString(value.version()), metadata, value.contentType());
    }

    private StoredValue newValue(SetRequest request, Instant now) {
        Optional<Long> ttl = request.ttlSeconds();
        // Dapr: a TTL of 0 or less (-1 in particular) means the key does not expire
        Instant expiresAt = ttl.isPresent() && ttl.get() > 0 ? now.plusSeconds(ttl.get()) : null;
        byte[] data = request.value() == null ? new byte[0] : request.value().clone();
        return new StoredValue(data, writes.incrementAndGet(), expiresAt,
                request.metadata().get(SetRequest.CONTENT_TYPE));
    }

    /**
     * Dapr's rules: an ETag must name the current version (a missing key has none); first-write
     * without an ETag needs the key to be absent. An empty ETag counts as none.
     */
    private static void checkETag(String key, StoredValue current, String etag, StateOptions options) {
        if (etag != null && !etag.isEmpty()) {
            long expected = parseETag(etag);
            if (current == null || current.version() != expected) {
                throw new ETagMismatchException(key);
            }
        } else if (options != null && options.firstWrite() && current != null) {
            throw new ETagMismatchException(key);
        }
    }

    private static long parseETag(String etag) {
        try {
            long version = Long.parseLong(etag);
            if (version > 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // reported below, as for any ETag this store could not have issued
        }
        throw new ETagInvalidException(etag);
    }

    private static <T> T holding(Lock held, Supplier<T> work) {
        held.lock();
        try {
            return work.get();
        } finally {
            held.unlock();
        }
    }
}
