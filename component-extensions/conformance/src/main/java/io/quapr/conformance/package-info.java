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
 * sidecar's own keys {@code keyPrefix}, {@code actorStateStore}, {@code publishingScopes},
 * {@code subscriptionScopes}, {@code allowedTopics}, {@code protectedTopics} excepted). No
 * file: empty metadata. Its {@code metadata.annotations} may carry hints for the pub/sub suite,
 * keys {@code conformance.quapr.io/...} (below); Dapr ignores them, so the file stays a valid
 * resource.</li>
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
 * <li>{@link io.quapr.conformance.PubSubConformanceTest}, for every
 * {@link io.quapr.spi.pubsub.PubSub}; see "The pub/sub suite" below.</li>
 * <li>{@link io.quapr.conformance.SecretStoreConformanceTest}: a missing secret fails with
 * {@code SecretNotFoundException} (or, as Dapr's {@code local.env} does, reads as empty);
 * {@code bulkGet} answers; with an expected file, {@code get} answers each secret exactly and
 * {@code bulkGet} holds them all.</li>
 * <li>{@link io.quapr.conformance.BindingConformanceTest}, for every
 * {@link io.quapr.spi.bindings.OutputBinding} and {@link io.quapr.spi.bindings.InputBinding}:
 * {@code metadata.yaml}'s {@code binding.input}/{@code binding.output} say which interfaces the
 * class implements and {@code binding.operations} equal {@code operations()}; with the hint
 * {@code key-metadata} (the request metadata key naming an item), create then get answers the
 * same bytes and, with {@code delete}, a deleted item no longer reads; an input binding delivers
 * an event (made through its own {@code create}, or by the source with the hint
 * {@code self-triggering}), redelivers a refused one once it is accepted with the hint
 * {@code redelivers}, and hands nothing over after {@code stop()} ({@link
 * io.quapr.conformance.BindingHints}).</li>
 * </ul>
 *
 * <h2>The pub/sub suite</h2>
 * Capabilities in {@code metadata.yaml} ({@link io.quapr.conformance.PubSubCapabilities}):
 * {@code ttl} = {@code MESSAGE_TTL}, {@code wildcards} = {@code SUBSCRIBE_WILDCARDS},
 * {@code bulkPublish} = {@code BULK_PUBLISH}, and {@code contentType}, which maps to no feature
 * and says the broker carries each message's content type. The description suite refuses any
 * other spelling and any feature of a new instance that is not listed; the pub/sub suite checks
 * that {@code features()} after {@code init} with the fixture equal the listed ones.
 * <p>
 * Every case uses new topics {@code conf-<uuid>} and its own subscription (cancelled when the
 * case ends, pass or fail), so runs against a real broker never meet earlier messages; the
 * subscriptions carry no metadata, so the component's consumer identity is the fixture's
 * (Dapr's {@code consumerID} default is the app id, {@code conformance}). A new subscription is
 * proved live before a case counts on it: the suite publishes a probe
 * ({@code conformance-probe:<topic>:<n>}, text/plain) every 0.5 s until one arrives, for up to
 * 30 s, so brokers that need a moment after {@code subscribe} (a consumer group joining) pass.
 * Probes are accepted and otherwise ignored. Waits, all in real time: an expected message must
 * arrive within 30 s of its publish; deliveries that must not happen are watched for 3 s.
 * <ul>
 * <li>delivery (all): a publish with no subscriber succeeds; a CloudEvent, UTF-8 text and
 * binary bytes (NUL, invalid UTF-8) arrive byte for byte, {@code Message.topic} the topic,
 * {@code Message.metadata} not null; five content types arrive exactly when {@code contentType}
 * is listed, else exactly or as {@code null}, never as something else; 200 messages published
 * at once all arrive (counted distinct: duplicates are allowed here); two subscriptions on two
 * topics get only their own messages; {@code bulkPublish} of 20 entries reports no failure and
 * all arrive; {@code bulkPublish} of none answers an empty map.</li>
 * <li>acknowledgement (all): an accepted message is not delivered again in the 3 s after;
 * a message whose handler fails is delivered again within {@code redelivery-within} (30 s
 * unless the hint says otherwise), a message published after it arrives too (it may be
 * replayed, as a broker redelivering from the rejected position does), and once the
 * redelivery is accepted the rejected message does not come a third time in the next 3 s; after {@code cancel()}
 * completes, nothing more reaches the handler (5 publishes, watched 3 s). Fixtures must make
 * redelivery quick (Redis {@code processingTimeout: 1s}, {@code redeliverInterval: 1s}), or
 * the 3 s checks cannot see a missing acknowledgement.</li>
 * <li>kept while nobody listens (by hint): {@code durable-from-start: "true"}: a message
 * published to a topic nobody subscribed to yet arrives at the first subscription (Dapr's Redis
 * streams create the consumer group at the stream's start; Kafka with
 * {@code initialOffset: oldest}). {@code durable-subscriptions: "true"}: after a subscription
 * is cancelled, messages published meanwhile arrive when the same topic is subscribed again
 * (consumer groups, queues that outlive their consumer).</li>
 * <li>{@code ttl}: a message with {@code ttlInSeconds=60} arrives; a message with
 * {@code ttlInSeconds=1} kept unconsumed for 3 s (published before subscribing, or while
 * cancelled, per the hints above) is not delivered while a later message without TTL is; that
 * case is skipped, with the reason, when the fixture has neither hint.</li>
 * <li>{@code wildcards}: a subscription to {@code wildcard-subscribe} (default
 * {@code {base}/*}, Dapr's in-memory spelling; {@code {base}} is a new topic name) receives
 * each topic of {@code wildcard-matches} (default {@code {base}/a,{base}/b/c}) with
 * {@code Message.topic} the topic published to, and not {@code {base}-not/a}.</li>
 * </ul>
 * Hints, all optional, in the fixture's {@code metadata.annotations}:
 * {@code conformance.quapr.io/durable-from-start}, {@code .../durable-subscriptions} (truthy),
 * {@code .../redelivery-within} (Go duration), {@code .../wildcard-subscribe},
 * {@code .../wildcard-matches} ({@link io.quapr.conformance.PubSubHints}).
 * <p>
 * Build tools name dynamic tests by index; every failure message therefore starts with its path,
 * {@code state.redis (RedisStateStore) › etag › <case>}.
 */
package io.quapr.conformance;
