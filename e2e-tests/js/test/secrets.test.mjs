// The secrets API through the official JavaScript SDK, over HTTP and gRPC, against a
// secretstores.local.file store holding src/test/resources/secrets/secrets.json (SecretsIT).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { clientFor, failureOf, protocols, required } from "./support.mjs";

const store = required("SECRET_STORE");

for (const protocol of protocols()) {
  describe(`secrets over ${protocol}`, () => {
    let client;

    before(async () => {
      client = await clientFor(protocol);
    });
    after(async () => {
      await client?.stop();
    });

    test("a secret reads as a one-entry map", async () => {
      assert.deepEqual(await client.secret.get(store, "db-password"), { "db-password": "s3cret" });
    });

    test("a nested secret is flattened with ':'", async () => {
      assert.deepEqual(await client.secret.get(store, "api:key"), { "api:key": "k-123" });
    });

    test("bulk get returns every secret", async () => {
      assert.deepEqual(await client.secret.getBulk(store), {
        "db-password": { "db-password": "s3cret" },
        "api:key": { "api:key": "k-123" },
        "api:region": { "api:region": "eu-west-1" },
      });
    });

    test("a missing secret is an error", async () => {
      const missing = await failureOf(() => client.secret.get(store, "no-such-secret"));
      const expected = protocol === "http" ? { status: 500, errorCode: "ERR_SECRET_GET" } : { grpcCode: "INTERNAL" };
      assert.ok(missing, "expected an error");
      assert.deepEqual(Object.fromEntries(Object.keys(expected).map((k) => [k, missing[k]])), expected);
    });

    test("metadata lists the secret store", async () => {
      const metadata = await client.metadata.get();
      assert.equal(metadata.id, required("DAPR_APP_ID"));
      const component = metadata.components.find((c) => c.name === store);
      assert.ok(component, `no component ${store} in ${JSON.stringify(metadata.components)}`);
      assert.equal(component.type, "secretstores.local.file");
      assert.equal(component.version, "v1");
    });
  });
}
