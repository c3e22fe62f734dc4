// The Configuration API through the official JavaScript SDK against configuration.redis on the
// loopback Redis (ConfigurationLockIT). Over gRPC only: the SDK's HTTP client does not implement
// configuration (it throws HTTPNotSupportedError), which the HTTP case checks.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { clientFor, protocols, required } from "./support.mjs";

const store = required("CONFIG_STORE");
const db = required("CONFIG_REDIS_DB");

/** SELECT db, SET key value on the loopback Redis, in the plain protocol (no client library here). */
function redisSet(key, value) {
  const command = (...args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: "127.0.0.1", port: 6379 });
    let replies = "";
    socket.setTimeout(5000, () => socket.destroy(new Error("redis did not answer")));
    socket.on("error", reject);
    socket.on("data", (chunk) => {
      replies += chunk.toString("utf8");
      if (replies.split("\r\n").filter(Boolean).length >= 2) {
        socket.end();
        const lines = replies.split("\r\n").filter(Boolean);
        lines.every((l) => l === "+OK") ? resolve() : reject(new Error(`redis answered ${replies}`));
      }
    });
    socket.write(command("SELECT", db) + command("SET", key, value));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (const protocol of protocols()) {
  describe(`configuration over ${protocol}`, () => {
    let client;

    before(async () => {
      client = await clientFor(protocol);
    });
    after(async () => {
      await client?.stop();
    });

    if (protocol === "http") {
      test("the SDK's HTTP client does not offer configuration", async () => {
        await assert.rejects(() => client.configuration.get(store, ["any"]), /HTTP/);
      });
      return;
    }

    test("get reads a value and its version, and leaves out missing keys", async () => {
      const key = `js-${randomUUID()}`;
      await redisSet(key, "blue||7");
      const res = await client.configuration.get(store, [key, `js-missing-${randomUUID()}`]);
      assert.deepEqual(Object.keys(res.items), [key]);
      assert.equal(res.items[key].value, "blue");
      assert.equal(res.items[key].version, "7");
    });

    test("subscribeWithKeys streams a change of the key", async () => {
      const key = `js-${randomUUID()}`;
      const updates = [];
      const stream = await client.configuration.subscribeWithKeys(store, [key], async (r) => {
        updates.push(r);
      });
      try {
        // the stream opens in the background: write new versions until one arrives
        for (let version = 1; version <= 40 && updates.length === 0; version++) {
          await redisSet(key, `green||${version}`);
          await sleep(250);
        }
        assert.ok(updates.length > 0, "no update within 10 s");
        assert.equal(updates[0].items[key].value, "green");
      } finally {
        await stream.stop();
      }
    });
  });
}
