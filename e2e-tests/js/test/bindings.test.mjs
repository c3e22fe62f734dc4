// Output bindings through the official JavaScript SDK's binding.send, over HTTP and gRPC, against
// the bindings.localstorage binding of BindingsIT.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { clientFor, failureOf, protocols, required } from "./support.mjs";

const binding = required("BINDING");

/** The data a get answered: the HTTP client parses JSON bodies, the gRPC one hands over bytes. */
function dataOf(protocol, answer) {
  if (protocol === "grpc") {
    return JSON.parse(Buffer.from(answer.data).toString("utf8"));
  }
  return typeof answer === "string" ? JSON.parse(answer) : answer;
}

for (const protocol of protocols()) {
  describe(`bindings over ${protocol}`, () => {
    let client;

    before(async () => {
      client = await clientFor(protocol);
    });
    after(async () => {
      await client?.stop();
    });

    test("create then get reads the data back", async () => {
      const fileName = `js-${protocol}-${randomUUID()}.json`;
      await client.binding.send(binding, "create", { order: 7, by: protocol }, { fileName });
      const got = await client.binding.send(binding, "get", undefined, { fileName });
      assert.deepEqual(dataOf(protocol, got), { order: 7, by: protocol });
    });

    test("an unknown binding is daprd's error", async () => {
      const f = await failureOf(() => client.binding.send("no-such-binding", "create", { a: 1 }));
      const expected = protocol === "http" ? { status: 500, errorCode: "ERR_INVOKE_OUTPUT_BINDING" } : { grpcCode: "INTERNAL" };
      assert.ok(f, "expected an error");
      assert.deepEqual(Object.fromEntries(Object.keys(expected).map((k) => [k, f[k]])), expected);
      assert.match(f.message, /couldn't find output binding no-such-binding/);
    });
  });
}
