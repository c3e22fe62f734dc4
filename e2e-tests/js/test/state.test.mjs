// The state API through the official JavaScript SDK, over HTTP and gRPC, against whichever state
// store the sidecar was started with (StateTests, in Java, runs this file once per store). What the store
// can do comes from the environment: STATE_QUERYABLE.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { StateConcurrencyEnum } from "@dapr/dapr";
import { clientFor, failureOf, mustSucceed, protocols, required } from "./support.mjs";

const store = required("STATE_STORE");
const storeType = required("STATE_STORE_TYPE");
const run = required("E2E_RUN");
const queryable = process.env.STATE_QUERYABLE === "true";

/** daprd's answers to an ETag conflict on save/delete, per transport. */
const conflict = {
  http: (errorCode) => ({ status: 409, errorCode }),
  grpc: () => ({ grpcCode: "ABORTED" }),
};

/** Keeps only the fields the expectation names, so messages need not match word for word. */
function pick(actual, expected) {
  assert.ok(actual, "expected the call to fail, but it succeeded");
  return Object.fromEntries(Object.keys(expected).map((k) => [k, actual[k]]));
}

/** The etag the store gives key now (read through bulk get, which returns it over both transports). */
async function etagOf(client, key) {
  const [item] = await client.state.getBulk(store, [key]);
  assert.ok(item.etag, `no etag for ${key}: ${JSON.stringify(item)}`);
  return item.etag;
}

for (const protocol of protocols()) {
  describe(`state over ${protocol} on ${storeType}`, () => {
    let client;
    const key = (name) => `js-${protocol}-${run}-${name}`;

    before(async () => {
      client = await clientFor(protocol);
    });
    after(async () => {
      await client?.stop();
    });

    test("metadata lists the app id and the store, with its type and capabilities", async () => {
      const metadata = await client.metadata.get();
      assert.equal(metadata.id, required("DAPR_APP_ID"));
      const component = metadata.components.find((c) => c.name === store);
      assert.ok(component, `no component ${store} in ${JSON.stringify(metadata.components)}`);
      assert.equal(component.type, storeType);
      assert.equal(component.version, "v1");
      for (const capability of ["ETAG", "TRANSACTIONAL", "ACTOR"]) {
        assert.ok(component.capabilities.includes(capability), `${capability} missing from ${component.capabilities}`);
      }
      assert.equal(component.capabilities.includes("QUERY_API"), queryable);
    });

    test("a value the Java SDK saved reads back the same", async () => {
      const javaKey = required("JAVA_WROTE_KEY");
      assert.deepEqual(await client.state.get(store, javaKey), JSON.parse(required("JAVA_WROTE_JSON")));
    });

    test("a value saved here is there for the Java SDK to read", async () => {
      await mustSucceed(() =>
        client.state.save(store, [
          { key: `${required("JS_WRITES_KEY")}-${protocol}`, value: { from: "js", protocol } },
        ]),
      );
    });

    test("a string round-trips", async () => {
      await mustSucceed(() => client.state.save(store, [{ key: key("str"), value: "hello, quapr" }]));
      assert.equal(await client.state.get(store, key("str")), "hello, quapr");
    });

    test("a JSON object round-trips", async () => {
      const order = { id: 42, items: ["a", "b"], paid: true, total: 9.5, note: null };
      await mustSucceed(() => client.state.save(store, [{ key: key("obj"), value: order }]));
      assert.deepEqual(await client.state.get(store, key("obj")), order);
    });

    test("a missing key reads as empty", async () => {
      assert.equal(await client.state.get(store, key("never-saved")), "");
    });

    test("bulk get returns every key asked for, with etags, and the missing ones empty", async () => {
      await mustSucceed(() =>
        client.state.save(store, [
          { key: key("bulk-1"), value: { n: 1 } },
          { key: key("bulk-2"), value: "two" },
        ]),
      );
      const items = await client.state.getBulk(store, [key("bulk-1"), key("bulk-2"), key("bulk-missing")]);
      const byKey = Object.fromEntries(items.map((i) => [i.key, i]));
      assert.deepEqual(Object.keys(byKey).sort(), [key("bulk-1"), key("bulk-2"), key("bulk-missing")].sort());
      assert.deepEqual(byKey[key("bulk-1")].data, { n: 1 });
      assert.equal(byKey[key("bulk-2")].data, "two");
      assert.ok(byKey[key("bulk-1")].etag, "a found key has an etag");
      assert.ok(!byKey[key("bulk-missing")].data, "a missing key has no data");
    });

    test("delete removes the key; deleting a missing key succeeds", async () => {
      await mustSucceed(() => client.state.save(store, [{ key: key("del"), value: "bye" }]));
      await mustSucceed(() => client.state.delete(store, key("del")));
      assert.equal(await client.state.get(store, key("del")), "");
      await mustSucceed(() => client.state.delete(store, key("del")));
    });

    test("a save with the current etag succeeds and changes the etag; a stale etag is a conflict", async () => {
      await mustSucceed(() => client.state.save(store, [{ key: key("etag"), value: "v1" }]));
      const first = await etagOf(client, key("etag"));
      await mustSucceed(() => client.state.save(store, [{ key: key("etag"), value: "v2", etag: first }]));
      const second = await etagOf(client, key("etag"));
      assert.notEqual(second, first, "a write gives a new etag");

      const stale = await failureOf(() => client.state.save(store, [{ key: key("etag"), value: "v3", etag: first }]));
      const expected = conflict[protocol]("ERR_STATE_SAVE");
      assert.deepEqual(pick(stale, expected), expected);
      assert.equal(await client.state.get(store, key("etag")), "v2", "a refused save changes nothing");
    });

    test("a delete with a stale etag is a conflict; with the current one it deletes", async () => {
      await mustSucceed(() => client.state.save(store, [{ key: key("etag-del"), value: "v1" }]));
      const first = await etagOf(client, key("etag-del"));
      await mustSucceed(() => client.state.save(store, [{ key: key("etag-del"), value: "v2" }]));
      const current = await etagOf(client, key("etag-del"));

      const stale = await failureOf(() => client.state.delete(store, key("etag-del"), { etag: first }));
      const expected = conflict[protocol]("ERR_STATE_DELETE");
      assert.deepEqual(pick(stale, expected), expected);
      assert.equal(await client.state.get(store, key("etag-del")), "v2");

      await mustSucceed(() => client.state.delete(store, key("etag-del"), { etag: current }));
      assert.equal(await client.state.get(store, key("etag-del")), "");
    });

    test("first-write: the first save wins, a second one without an etag is a conflict", async () => {
      const firstWrite = { concurrency: StateConcurrencyEnum.CONCURRENCY_FIRST_WRITE };
      await mustSucceed(() => client.state.save(store, [{ key: key("fw"), value: "first", options: firstWrite }]));
      const second = await failureOf(() =>
        client.state.save(store, [{ key: key("fw"), value: "second", options: firstWrite }]),
      );
      const expected = conflict[protocol]("ERR_STATE_SAVE");
      assert.deepEqual(pick(second, expected), expected);
      assert.equal(await client.state.get(store, key("fw")), "first");
    });

    test("a transaction applies its upserts and deletes together", async () => {
      await mustSucceed(() => client.state.save(store, [{ key: key("tx-gone"), value: "old" }]));
      await client.state.transaction(store, [
        { operation: "upsert", request: { key: key("tx-new"), value: "created" } },
        { operation: "delete", request: { key: key("tx-gone") } },
      ]);
      assert.equal(await client.state.get(store, key("tx-new")), "created");
      assert.equal(await client.state.get(store, key("tx-gone")), "");
    });

    test("a failing transaction leaves the state as it was", async () => {
      await mustSucceed(() => client.state.save(store, [{ key: key("tx-kept"), value: "v1" }]));
      const stale = await etagOf(client, key("tx-kept"));
      await mustSucceed(() => client.state.save(store, [{ key: key("tx-kept"), value: "v2" }]));

      const failed = await failureOf(() =>
        client.state.transaction(store, [
          { operation: "upsert", request: { key: key("tx-never"), value: "must not appear" } },
          { operation: "upsert", request: { key: key("tx-kept"), value: "v3", etag: stale } },
        ]),
      );
      const expected =
        protocol === "http" ? { status: 500, errorCode: "ERR_STATE_TRANSACTION" } : { grpcCode: "INTERNAL" };
      assert.deepEqual(pick(failed, expected), expected);
      assert.equal(await client.state.get(store, key("tx-kept")), "v2");
      assert.equal(await client.state.get(store, key("tx-never")), "");
    });

    // Values are JSON to the store only when the request says so (contentType), as daprd's gRPC
    // API has it; daprd's HTTP API passes JSON bodies as JSON without being told.
    const json = { contentType: "application/json" };
    const noQuery = queryable ? false : `${storeType} has no query API`;

    test("query finds JSON values by field", { skip: noQuery }, async () => {
      const kind = `js-${protocol}-${run}`;
      await saveForQuery(client, kind, key, json);
      assert.deepEqual(await queryKind(client, kind), [{ kind, n: 1 }, { kind, n: 2 }]);
    });

    if (protocol === "http") {
      test(
        "query finds JSON values saved over HTTP without a contentType, as with daprd",
        { skip: noQuery },
        async () => {
          const kind = `js-${protocol}-${run}-untyped`;
          await saveForQuery(client, kind, (name) => key(`untyped-${name}`), undefined);
          assert.deepEqual(await queryKind(client, kind), [{ kind, n: 1 }, { kind, n: 2 }]);
        },
      );
    }

    const hasQuery = queryable ? `${storeType} has a query API` : false;
    test("query is refused by a store without the query API", { skip: hasQuery }, async () => {
      const refused = await failureOf(() =>
        client.state.query(store, { filter: { EQ: { kind: "x" } }, sort: [], page: { limit: 1 } }),
      );
      const expected =
        protocol === "http" ? { status: 500, errorCode: "ERR_STATE_STORE_NOT_SUPPORTED" } : { grpcCode: "INTERNAL" };
      assert.deepEqual(pick(refused, expected), expected);
    });
  });
}

/** Saves two values of `kind` (n = 1, 2) and one of another kind, for the query tests. */
async function saveForQuery(client, kind, key, metadata) {
  await mustSucceed(() =>
    client.state.save(store, [
      { key: key("q-1"), value: { kind, n: 1 }, metadata },
      { key: key("q-2"), value: { kind, n: 2 }, metadata },
      { key: key("q-other"), value: { kind: `${kind}-other`, n: 3 }, metadata },
    ]),
  );
}

/** The values of `kind`, ordered by n, through the state query API. */
async function queryKind(client, kind) {
  const response = await client.state.query(store, {
    filter: { EQ: { kind } },
    sort: [{ key: "n", order: "ASC" }],
    page: { limit: 10 },
  });
  return response.results.map((r) => decode(r.data));
}

/** Query results hold JSON over HTTP and raw bytes over gRPC. */
function decode(data) {
  return data instanceof Uint8Array ? JSON.parse(Buffer.from(data).toString("utf-8")) : data;
}
