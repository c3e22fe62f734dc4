// Shared by the test files: a DaprClient on the sidecar the Java side started, and one shape for
// the errors the two transports raise, so a test asserts the same thing over HTTP and gRPC.
import { CommunicationProtocolEnum, DaprClient, LogLevel } from "@dapr/dapr";

/** The transports to run every test over: $DAPR_PROTOCOLS (comma-separated), default both. */
export function protocols() {
  return (process.env.DAPR_PROTOCOLS ?? "http,grpc").split(",").map((p) => p.trim()).filter(Boolean);
}

/** A value $NAME must hold; the Java side sets them all. */
export function required(name) {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(`environment variable ${name} is not set (these tests are run by the Java end-to-end tests)`);
  }
  return value;
}

// The HTTP client logs (at error level) the failures its save/delete return instead of throwing;
// the tests expect some of those and assert every one, so the log would only be noise.
const SILENT = { error() {}, warn() {}, info() {}, verbose() {}, debug() {} };

/** A started client on the sidecar, over "http" or "grpc". */
export async function clientFor(protocol) {
  const grpc = protocol === "grpc";
  const client = new DaprClient({
    daprHost: required("DAPR_HOST"),
    daprPort: required(grpc ? "DAPR_GRPC_PORT" : "DAPR_HTTP_PORT"),
    communicationProtocol: grpc ? CommunicationProtocolEnum.GRPC : CommunicationProtocolEnum.HTTP,
    logger: { level: LogLevel.Error, service: SILENT },
  });
  // waits for the sidecar (GET /v1.0/metadata, or the GetMetadata RPC) before the first call
  await client.start();
  return client;
}

/**
 * What a failed call tells its caller, transport-neutral: the HTTP status and daprd's errorCode
 * (HTTP), or the gRPC status code name (gRPC), and the message.
 */
export function failure(error) {
  if (error === undefined || error === null) {
    return null;
  }
  // HTTP: the SDK throws Error(JSON.stringify({ error, error_msg, status }))
  try {
    const parsed = JSON.parse(error.message);
    if (parsed && typeof parsed.status === "number") {
      let body = {};
      try {
        body = JSON.parse(parsed.error_msg);
      } catch {
        body = { message: parsed.error_msg };
      }
      return { status: parsed.status, errorCode: body.errorCode, message: body.message ?? "" };
    }
  } catch {
    // not the HTTP client's shape
  }
  // gRPC: a ConnectError with a numeric code
  if (typeof error.code === "number") {
    return { grpcCode: GRPC_CODES[error.code] ?? String(error.code), message: error.rawMessage ?? error.message };
  }
  return { message: String(error.message ?? error) };
}

/**
 * Runs fn and returns the failure it raised or returned. The HTTP client's save/delete resolve
 * to { error } instead of throwing; everything else throws.
 */
export async function failureOf(fn) {
  try {
    const result = await fn();
    if (result && result.error) {
      return failure(result.error);
    }
  } catch (e) {
    return failure(e);
  }
  return null;
}

/** Saves and returns nothing; fails the test if the SDK reports an error without throwing. */
export async function mustSucceed(fn) {
  const result = await fn();
  if (result && result.error) {
    throw result.error;
  }
  return result;
}

const GRPC_CODES = [
  "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
  "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
  "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
];
