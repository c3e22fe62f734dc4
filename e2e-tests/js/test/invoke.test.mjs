// Service invocation through the official JavaScript SDK, over HTTP and gRPC, from sidecar A to
// the echo app behind sidecar B (InvocationIT: two sidecars, mTLS between them).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { HttpMethod } from "@dapr/dapr";
import { clientFor, protocols, required } from "./support.mjs";

const target = required("TARGET_APP_ID");

for (const protocol of protocols()) {
  describe(`invoke over ${protocol}`, () => {
    let client;

    before(async () => {
      client = await clientFor(protocol);
    });
    after(async () => {
      await client?.stop();
    });

    test("a JSON body comes back from the echo app", async () => {
      const answer = await client.invoker.invoke(target, "orders/1", HttpMethod.POST, { id: 7, item: "coffee" });
      assert.deepEqual(answer, { id: 7, item: "coffee" });
    });

    test("PUT reaches the app with its body", async () => {
      const answer = await client.invoker.invoke(target, "orders/2", HttpMethod.PUT, { id: 8 });
      assert.deepEqual(answer, { id: 8 });
    });
  });
}
