// Durable workflows through the official JavaScript durabletask SDK (@dapr/durabletask-js): a
// TaskHubGrpcWorker and a TaskHubGrpcClient on the sidecar's gRPC port (the TaskHubSidecarService),
// against the embedded default actor state store (WorkflowJsSdkIT). The cases mirror WorkflowSdkIT.
import assert from "node:assert/strict";
import { createWriteStream } from "node:fs";
import { format } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, test } from "node:test";
import { TaskHubGrpcClient, TaskHubGrpcWorker } from "@dapr/durabletask-js";
import { whenAll } from "@dapr/durabletask-js/task/index.js";
import { OrchestrationStatus } from "@dapr/durabletask-js/orchestration/enum/orchestration-status.enum.js";
import { required } from "./support.mjs";

const TIMEOUT_SECONDS = 60;
const host = required("DAPR_HOST");
const grpcAddress = `${host}:${required("DAPR_GRPC_PORT")}`;
const httpUrl = `http://${host}:${required("DAPR_HTTP_PORT")}`;

// The SDK logs every work item (and every expected activity failure) through console; that goes to
// $WORKFLOW_SDK_LOG so node's report shows the test cases, not thousands of SDK lines.
if (process.env.WORKFLOW_SDK_LOG) {
  const sdkLog = createWriteStream(process.env.WORKFLOW_SDK_LOG, { flags: "a" });
  for (const level of ["log", "info", "warn", "error", "debug"]) {
    console[level] = (...args) => sdkLog.write(`${new Date().toISOString()} ${level} ${format(...args)}\n`);
  }
}

// ---- activities, registered by name

/** "acc|tag" becomes "acc>tag". */
function tag(_ctx, input) {
  const [acc, t] = input.split("|");
  return `${acc}>${t}`;
}

/** n squared. */
function square(_ctx, n) {
  return n * n;
}

/** Attempts per key (the workflow's instance id): the first two fail. */
const flakyAttempts = new Map();

/** Its class name is the error type the worker reports. */
class FlakyError extends Error {}

/** Fails its first two attempts for a key, then answers with the attempt number. */
function flaky(_ctx, key) {
  const attempt = (flakyAttempts.get(key) ?? 0) + 1;
  flakyAttempts.set(key, attempt);
  if (attempt < 3) {
    throw new FlakyError(`flaky attempt ${attempt}`);
  }
  return `ok:${attempt}`;
}

/** Always fails. */
function explode() {
  throw new Error("kaboom");
}

// ---- orchestrators (generator functions), registered by name

/** Three activities in a row, each given the previous result. */
async function* chain(ctx, input) {
  let acc = input;
  for (const t of ["a", "b", "c"]) {
    acc = yield ctx.callActivity("Tag", `${acc}|${t}`);
  }
  return acc;
}

/** Squares 1..n in parallel and sums them. */
async function* fanOut(ctx, n) {
  const squares = [];
  for (let i = 1; i <= n; i++) {
    squares.push(ctx.callActivity("Square", i));
  }
  const results = yield whenAll(squares);
  return results.reduce((a, b) => a + b, 0);
}

/**
 * Sleeps `delaySeconds` on a durable timer, says "waiting" in its custom status, then waits for the
 * "approval" event.
 */
async function* approval(ctx, delaySeconds) {
  if (delaySeconds > 0) {
    yield ctx.createTimer(delaySeconds);
  }
  ctx.setCustomStatus("waiting");
  const answer = yield ctx.waitForExternalEvent("approval");
  ctx.setCustomStatus("approved");
  return `approved:${answer}`;
}

/** A 1 s durable timer; the result is the workflow time that passed, in ms. */
async function* sleeper(ctx) {
  const before = ctx.currentUtcDateTime.getTime();
  yield ctx.createTimer(1);
  return ctx.currentUtcDateTime.getTime() - before;
}

/** Continues as new with n + 1 until n is 5. */
async function* counter(ctx, n) {
  if (n < 5) {
    ctx.continueAsNew(n + 1, false);
    return;
  }
  return n;
}

/** Runs Chain as a sub-orchestration. */
async function* parent(ctx, input) {
  const child = yield ctx.callSubOrchestrator("Chain", input);
  return `parent(${child})`;
}

/**
 * Calls Flaky with up to 3 attempts, 200 ms apart on a durable timer. durabletask-js 1.0.0 has no
 * retry-policy option on callActivity (its README lists retry policies as TODO), so the policy is
 * the orchestrator's own loop over the TaskFailed events the sidecar delivers. The result names the
 * failures the orchestrator saw.
 */
async function* retrying(ctx) {
  const failures = [];
  for (let attempt = 1; ; attempt++) {
    try {
      const result = yield ctx.callActivity("Flaky", ctx.instanceId);
      return { result, failures };
    } catch (e) {
      failures.push(`${e.details.errorType}: ${e.details.message}`);
      if (attempt >= 3) {
        throw e;
      }
      yield ctx.createTimer(0.2);
    }
  }
}

/** Calls Explode without retries; its failure fails the workflow. */
async function* doomed(ctx) {
  return yield ctx.callActivity("Explode", "x");
}

// ---- helpers

/** Polls the instance (with payloads) until `accept` holds; fails with the last state seen. */
async function awaitState(client, id, accept, what) {
  const deadline = Date.now() + TIMEOUT_SECONDS * 1000;
  let last;
  while (Date.now() < deadline) {
    last = await client.getOrchestrationState(id, true);
    if (last && accept(last)) {
      return last;
    }
    await sleep(50);
  }
  assert.fail(`${id} never became ${what}; last: ${JSON.stringify(last)}`);
}

/** GET /v1.0/workflows/dapr/{id}: daprd's HTTP view of the same instance. */
async function httpState(id) {
  const r = await fetch(`${httpUrl}/v1.0/workflows/dapr/${encodeURIComponent(id)}`);
  return { status: r.status, body: await r.json() };
}

/**
 * waitForOrchestrationCompletion, whose timeout is a timer the SDK never clears: it would keep node
 * alive for TIMEOUT_SECONDS after the last wait. The SDK arms it synchronously, so it is unref'd here.
 */
function completed(client, id) {
  const setTimer = globalThis.setTimeout;
  globalThis.setTimeout = (fn, ms, ...args) => {
    const timer = setTimer(fn, ms, ...args);
    return ms === TIMEOUT_SECONDS * 1000 ? timer.unref() : timer;
  };
  try {
    return client.waitForOrchestrationCompletion(id, true, TIMEOUT_SECONDS);
  } finally {
    globalThis.setTimeout = setTimer;
  }
}

describe("workflows with @dapr/durabletask-js", () => {
  let worker;
  let client;

  before(async () => {
    worker = new TaskHubGrpcWorker(grpcAddress);
    worker.addNamedOrchestrator("Chain", chain);
    worker.addNamedOrchestrator("FanOut", fanOut);
    worker.addNamedOrchestrator("Approval", approval);
    worker.addNamedOrchestrator("Sleeper", sleeper);
    worker.addNamedOrchestrator("Counter", counter);
    worker.addNamedOrchestrator("Parent", parent);
    worker.addNamedOrchestrator("Retrying", retrying);
    worker.addNamedOrchestrator("Doomed", doomed);
    worker.addNamedActivity("Tag", tag);
    worker.addNamedActivity("Square", square);
    worker.addNamedActivity("Flaky", flaky);
    worker.addNamedActivity("Explode", explode);
    // connects in the background; the sidecar hands out work once the stream is open
    await worker.start();
    client = new TaskHubGrpcClient(grpcAddress);
  });

  after(async () => {
    await worker?.stop();
    await client?.stop();
  });

  test("task chaining", async () => {
    const id = await client.scheduleNewOrchestration("Chain", "start", "js-chain-1");
    assert.equal(id, "js-chain-1");
    const s = await completed(client, id);
    assert.equal(s.runtimeStatus, OrchestrationStatus.COMPLETED, JSON.stringify(s));
    assert.equal(JSON.parse(s.serializedOutput), "start>a>b>c");
    assert.equal(s.name, "Chain");
    assert.equal(JSON.parse(s.serializedInput), "start");
    assert.equal(s.failureDetails, undefined);
  });

  test("fan-out/fan-in", async () => {
    const id = await client.scheduleNewOrchestration("FanOut", 10);
    const s = await completed(client, id);
    assert.equal(s.runtimeStatus, OrchestrationStatus.COMPLETED, JSON.stringify(s));
    assert.equal(JSON.parse(s.serializedOutput), 385); // 1 + 4 + ... + 100
  });

  test("an external event raised before the workflow waits is kept", async () => {
    const id = await client.scheduleNewOrchestration("Approval", 1.5, "js-event-early");
    await client.raiseOrchestrationEvent(id, "approval", "early");
    // the workflow is still on its 1.5 s timer: it has not started waiting, the event waits in its history
    const raised = await client.getOrchestrationState(id, true);
    assert.notEqual(raised?.serializedCustomStatus, "waiting");
    const s = await completed(client, id);
    assert.equal(s.runtimeStatus, OrchestrationStatus.COMPLETED, JSON.stringify(s));
    assert.equal(JSON.parse(s.serializedOutput), "approved:early");
  });

  test("an external event raised while the workflow waits", async () => {
    const id = await client.scheduleNewOrchestration("Approval", 0, "js-event-late");
    await awaitState(client, id, (s) => s.serializedCustomStatus === "waiting", "waiting");
    await client.raiseOrchestrationEvent(id, "approval", "late");
    const s = await completed(client, id);
    assert.equal(s.runtimeStatus, OrchestrationStatus.COMPLETED, JSON.stringify(s));
    assert.equal(JSON.parse(s.serializedOutput), "approved:late");
  });

  test("durable timer", async () => {
    const started = Date.now();
    const id = await client.scheduleNewOrchestration("Sleeper");
    const s = await completed(client, id);
    assert.equal(s.runtimeStatus, OrchestrationStatus.COMPLETED, JSON.stringify(s));
    const workflowMillis = JSON.parse(s.serializedOutput);
    assert.ok(workflowMillis >= 1000, `workflow time passed: ${s.serializedOutput}`);
    assert.ok(Date.now() - started >= 1000, `wall time passed: ${Date.now() - started} ms`);
  });

  test("continue-as-new", async () => {
    const id = await client.scheduleNewOrchestration("Counter", 0, "js-counter-1");
    const s = await completed(client, id);
    assert.equal(s.runtimeStatus, OrchestrationStatus.COMPLETED, JSON.stringify(s));
    assert.equal(JSON.parse(s.serializedOutput), 5);
    // the last run's input: the earlier runs' histories were dropped
    assert.equal(JSON.parse(s.serializedInput), 5);
  });

  test("sub-workflow", async () => {
    const id = await client.scheduleNewOrchestration("Parent", "kid", "js-parent-1");
    const s = await completed(client, id);
    assert.equal(s.runtimeStatus, OrchestrationStatus.COMPLETED, JSON.stringify(s));
    assert.equal(JSON.parse(s.serializedOutput), "parent(kid>a>b>c)");
    // the SDK names the child <parent id>:<task id in hex, 4 digits>
    const child = await client.getOrchestrationState("js-parent-1:0001", true);
    assert.ok(child, "the child instance js-parent-1:0001 is not there");
    assert.equal(child.name, "Chain");
    assert.equal(child.runtimeStatus, OrchestrationStatus.COMPLETED);
    assert.equal(JSON.parse(child.serializedOutput), "kid>a>b>c");
  });

  test("terminate", async () => {
    const id = await client.scheduleNewOrchestration("Approval", 0, "js-terminate-1");
    await awaitState(client, id, (s) => s.serializedCustomStatus === "waiting", "waiting");
    await client.terminateOrchestration(id, "stopped by the test");
    const s = await completed(client, id);
    assert.equal(s.runtimeStatus, OrchestrationStatus.TERMINATED, JSON.stringify(s));
    assert.equal(JSON.parse(s.serializedOutput), "stopped by the test");
  });

  test("suspend holds events until resume", async () => {
    const id = await client.scheduleNewOrchestration("Approval", 0, "js-suspend-1");
    await awaitState(client, id, (s) => s.serializedCustomStatus === "waiting", "waiting");
    await client.suspendOrchestration(id);
    // suspending is an event for the instance, applied just after the call returns (as in daprd)
    await awaitState(client, id, (s) => s.runtimeStatus === OrchestrationStatus.SUSPENDED, "SUSPENDED");
    await client.raiseOrchestrationEvent(id, "approval", "while-suspended");
    await sleep(500);
    // the event waits: still suspended, not completed
    const held = await client.getOrchestrationState(id, true);
    assert.equal(held.runtimeStatus, OrchestrationStatus.SUSPENDED, JSON.stringify(held));
    assert.equal(held.serializedOutput ?? "", "");
    await client.resumeOrchestration(id);
    const s = await completed(client, id);
    assert.equal(s.runtimeStatus, OrchestrationStatus.COMPLETED, JSON.stringify(s));
    assert.equal(JSON.parse(s.serializedOutput), "approved:while-suspended");
  });

  test("purge", async () => {
    const id = await client.scheduleNewOrchestration("Chain", "p", "js-purge-1");
    const done = await completed(client, id);
    assert.equal(done.runtimeStatus, OrchestrationStatus.COMPLETED, JSON.stringify(done));
    const purged = await client.purgeOrchestration(id);
    assert.equal(purged?.deletedInstanceCount, 1);
    assert.equal(await client.getOrchestrationState(id, false), undefined);
    const r = await httpState(id);
    assert.equal(r.status, 404);
    assert.equal(r.body.errorCode, "ERR_INSTANCE_ID_NOT_FOUND");
    // nothing is left to purge a second time
    assert.equal((await client.purgeOrchestration(id))?.deletedInstanceCount, 0);
  });

  test("an activity failure retried by the orchestrator's policy", async () => {
    const id = await client.scheduleNewOrchestration("Retrying", undefined, "js-retry-1");
    const s = await completed(client, id);
    assert.equal(s.runtimeStatus, OrchestrationStatus.COMPLETED, JSON.stringify(s));
    assert.deepEqual(JSON.parse(s.serializedOutput), {
      result: "ok:3",
      failures: ["FlakyError: flaky attempt 1", "FlakyError: flaky attempt 2"],
    });
    assert.equal(flakyAttempts.get(id), 3);
  });

  test("a failed workflow carries its failure details", async () => {
    const id = await client.scheduleNewOrchestration("Doomed", undefined, "js-doomed-1");
    const s = await completed(client, id);
    assert.equal(s.runtimeStatus, OrchestrationStatus.FAILED, JSON.stringify(s));
    assert.ok(s.failureDetails, "no failure details");
    // the orchestrator did not catch the activity's failure: the SDK fails the workflow with it
    assert.equal(s.failureDetails.errorType, "TaskFailedError");
    assert.match(s.failureDetails.message, /kaboom/);
    assert.ok(s.failureDetails.stackTrace, "no stack trace");
    const r = await httpState(id);
    assert.equal(r.status, 200);
    assert.equal(r.body.runtimeStatus, "FAILED");
    assert.match(r.body.properties["dapr.workflow.failure.error_message"], /kaboom/);
    assert.equal(r.body.properties["dapr.workflow.failure.error_type"], "TaskFailedError");
  });

  test("custom status", async () => {
    const id = await client.scheduleNewOrchestration("Approval", 0, "js-status-1");
    const waiting = await awaitState(client, id, (s) => s.serializedCustomStatus === "waiting", "waiting");
    assert.equal(waiting.runtimeStatus, OrchestrationStatus.RUNNING);
    // this SDK sends the status as given (no JSON encoding); daprd's HTTP API shows it as stored
    const r = await httpState(id);
    assert.equal(r.status, 200);
    assert.equal(r.body.runtimeStatus, "RUNNING");
    assert.equal(r.body.workflowName, "Approval");
    assert.equal(r.body.properties["dapr.workflow.custom_status"], "waiting");
    await client.raiseOrchestrationEvent(id, "approval", "ok");
    const s = await completed(client, id);
    assert.equal(s.runtimeStatus, OrchestrationStatus.COMPLETED, JSON.stringify(s));
    assert.equal(s.serializedCustomStatus, "approved");
    assert.equal((await httpState(id)).body.properties["dapr.workflow.custom_status"], "approved");
  });
});
