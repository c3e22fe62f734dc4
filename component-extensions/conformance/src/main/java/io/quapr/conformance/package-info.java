/**
 * The conformance kit: suites that run against every component a module declares, in that
 * module's own build, with no test class to write.
 *
 * <h2>How a module gets the suites</h2>
 * {@code component-extensions/pom.xml} adds this jar as a test dependency and lists it in
 * Surefire's {@code dependenciesToScan}, so the {@code *ConformanceTest} classes here run in every
 * component module. They find the module's components by indexing its own
 * {@code target/classes} with Jandex (classes annotated {@link io.quapr.spi.ComponentType});
 * components of dependencies are not tested. A module with no component of a block gets no tests
 * for that block. {@code -Dconformance.skip=true} (system property
 * {@code quapr.conformance.skip=true}) switches every suite off.
 *
 * <h2>Fixtures</h2>
 * The folder named by {@code quapr.conformance.fixtures}
 * ({@code src/test/resources/conformance}) may hold, per Dapr type:
 * <ul>
 * <li>{@code <type>.yaml}: a Dapr {@code Component} resource ({@code apiVersion},
 * {@code kind: Component}, {@code metadata.name}, {@code spec.type}, {@code spec.version},
 * {@code spec.metadata} as name/value pairs) with the connection details of the real test
 * server. Its metadata is bound against the component's {@code metadata.yaml} exactly as the
 * sidecar binds it; a key {@code metadata.yaml} does not declare fails the init test (the
 * runtime keys {@code keyPrefix} and {@code actorStateStore} excepted). No file: empty
 * metadata.</li>
 * <li>{@code <type>.expected.yaml} (secret stores): secret name to its key/value map, the exact
 * answer {@code get} must give and {@code bulkGet} must include.</li>
 * </ul>
 *
 * <h2>What a component gets</h2>
 * A new instance from its public no-arg constructor, {@code init} with the bound metadata and a
 * {@link io.quapr.spi.ComponentContext} shared by the run: one Vert.x instance (closed when the
 * run ends), a {@link io.quapr.conformance.MutableClock} that TTL cases move forward instead of
 * sleeping, app id {@code conformance}, a temporary data folder. Its container ends with
 * {@code close}. Every state case writes keys under a new prefix {@code conf-<uuid>||}, so runs
 * against a persistent backend never collide with earlier data. Each operation must complete
 * within 30 s.
 *
 * <h2>The suites</h2>
 * <ul>
 * <li>{@link io.quapr.conformance.DescriptionConformanceTest} (every component):
 * {@code metadata.yaml} beside the class; its {@code type.name} and version equal the
 * annotation's; the package is {@code io.quapr.components.<type without hyphens>}; status is
 * stable/beta/alpha/development-only; fields have a known type, a description and a default that
 * parses; the class is {@code @Dependent} with a public no-arg constructor. State stores also:
 * capabilities spelled {@code ETag, transactional, ttl, queryAPI, deleteWithPrefix, keysLike,
 * actorStateStore, crud}; {@code actorStateStore} listed exactly when {@code ETag} and
 * {@code transactional} are; the SPI interface of each listed capability implemented, and no
 * other; {@code features()} of a new instance all listed. Capabilities may depend on metadata
 * (Dapr's DynamoDB has TTL only with {@code ttlAttributeName}): the state suite checks that
 * {@code features()} after {@code init} with the fixture equal the capabilities, so the fixture
 * must switch every capability on.</li>
 * <li>{@link io.quapr.conformance.StateStoreConformanceTest}, gated by {@code features()}:
 * CRUD over exact bytes (JSON string, JSON object, binary with NUL and invalid UTF-8, empty
 * value, odd keys), missing keys, bulk get/set/delete; ETAG (etag on get, match, stale →
 * {@code ETagMismatchException}, malformed → {@code ETagInvalidException} or
 * {@code ETagMismatchException}, deletes with etags, bulk writes failing per key with
 * {@code BulkStateException}, first-write, racing writers: exactly one wins) or, without it,
 * etags ignored or refused; TRANSACTIONAL (order, atomicity with a stale etag, isolation of
 * racing transactions, {@code maxOperations}); TTL ({@code ttlExpireTime} as RFC 3339 about
 * 1 s ahead, expiry once the clock passes, waiting up to 4 s for server-side expiry, -1 never
 * expires, an overwrite without ttl drops the expiry, a bad ttl is refused);
 * DELETE_WITH_PREFIX; KEYS_LIKE (% and _, paging); QUERY_API (EQ filter, sort, page token);
 * and for every feature with an interface: implemented exactly when claimed.</li>
 * <li>{@link io.quapr.conformance.SecretStoreConformanceTest}: a missing secret fails with
 * {@code SecretNotFoundException} (or, as Dapr's {@code local.env} does, reads as empty);
 * {@code bulkGet} answers; with an expected file, {@code get} answers each secret exactly and
 * {@code bulkGet} holds them all.</li>
 * </ul>
 * Build tools name dynamic tests by index; every failure message therefore starts with its path,
 * {@code state.redis (RedisStateStore) › etag › <case>}.
 */
package io.quapr.conformance;
