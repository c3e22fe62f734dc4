// Publishing through the official JavaScript SDK, over HTTP and gRPC (PubSubTests, in Java, runs
// this file once per broker). The subscribing app is in the Java test JVM: it checks that what
// this file publishes arrives, as CloudEvents, on the routes the markers below name.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { clientFor, failure, protocols, required } from "./support.mjs";

const pubsub = required("PUBSUB");
const orders = required("ORDERS_TOPIC");
const declared = required("DECLARED_TOPIC");
const run = required("E2E_RUN");

/**
 * Why a publish failed, transport-neutral (see support.mjs), or null. The HTTP client resolves to
 * { error }; the gRPC client throws { error } instead of the error itself.
 */
async function publishFailure(fn) {
  try {
    const result = await fn();
    return result?.error ? failure(result.error) : null;
  } catch (e) {
    return failure(e?.error ?? e);
  }
}


/** The publish calls resolve to { error } instead of throwing; make that a failure. */
async function published(promise) {
  const result = await promise;
  assert.ok(!result?.error, `publish failed: ${result?.error?.message ?? result?.error}`);
  return result;
}

for (const protocol of protocols()) {
  describe(`pub/sub over ${protocol}`, () => {
    let client;
    const id = (name) => `${run}-${protocol}-${name}`;

    before(async () => {
      client = await clientFor(protocol);
    });
    after(async () => {
      await client?.stop();
    });

    test("a JSON object is published (to the default route)", async () => {
      await published(client.pubsub.publish(pubsub, orders, { id: id("json"), kind: "plain", from: "js" }));
    });

    test("text is published (to the declarative subscription)", async () => {
      await published(client.pubsub.publish(pubsub, declared, id("text")));
    });

    test("an object the routing rule matches is published", async () => {
      await published(client.pubsub.publish(pubsub, orders, { id: id("special"), kind: "special" }));
    });

    test("an object the app answers RETRY to once is published", async () => {
      await published(client.pubsub.publish(pubsub, orders, { id: id("retry"), kind: "plain", action: "retry-once" }));
    });

    test("bulk publish reports no failed entry", async () => {
      const response = await client.pubsub.publishBulk(pubsub, orders, [
        { id: id("bulk-1"), kind: "plain" },
        { id: id("bulk-2"), kind: "special" },
      ]);
      assert.deepEqual(response.failedMessages, []);
    });

    test("an unknown pubsub is refused", async () => {
      const failed = await publishFailure(() => client.pubsub.publish("no-such-pubsub", orders, { id: id("lost") }));
      assert.ok(failed, "expected the publish to fail");
      const expected =
        protocol === "http" ? { status: 404, errorCode: "ERR_PUBSUB_NOT_FOUND" } : { grpcCode: "INVALID_ARGUMENT" };
      assert.deepEqual(Object.fromEntries(Object.keys(expected).map((k) => [k, failed[k]])), expected);
    });
  });
}
