// Sigil's Node.js runtime for trigger handlers: the Lambda Runtime API loop, as AWS's own
// runtime runs it. It loads _HANDLER (file.function) from LAMBDA_TASK_ROOT (.mjs, .js or
// .cjs), then asks AWS_LAMBDA_RUNTIME_API for each event, calls the handler (async, or
// with a callback) and posts its answer or error. It ends when the API goes away.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(":");
const base = "/2018-06-01/runtime";
// One connection, kept open between calls.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(method, route, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host, port, method, agent, path: base + route, headers: { "Content-Type": "application/json", ...headers } },
      (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString() }));
      });
    request.on("error", reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

const errorBody = (error) => JSON.stringify({
  errorMessage: error && error.message !== undefined ? String(error.message) : String(error),
  errorType: (error && error.name) || "Error",
  stackTrace: error && error.stack ? String(error.stack).split("\n") : [],
});

async function load() {
  const root = process.env.LAMBDA_TASK_ROOT || process.cwd();
  const spec = process.env._HANDLER;
  const dot = spec.lastIndexOf(".");
  const file = spec.slice(0, dot);
  const name = spec.slice(dot + 1);
  for (const extension of [".mjs", ".js", ".cjs"]) {
    const candidate = path.join(root, file + extension);
    if (fs.existsSync(candidate)) {
      const loaded = await import(pathToFileURL(candidate).href);
      const handler = loaded[name] ?? (loaded.default && loaded.default[name]);
      if (typeof handler !== "function") throw new Error(`${file}${extension} exports no function ${name}`);
      return handler;
    }
  }
  throw new Error(`No ${file}.mjs, .js or .cjs in ${root}`);
}

function invoke(handler, event, context) {
  return new Promise((resolve, reject) => {
    const done = (error, result) => (error ? reject(error) : resolve(result));
    try {
      const answer = handler(event, context, done);
      if (answer && typeof answer.then === "function") answer.then(resolve, reject);
    } catch (error) {
      reject(error);
    }
  });
}

let handler;
try {
  handler = await load();
} catch (error) {
  await call("POST", "/init/error", errorBody(error), { "Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError" }).catch(() => {});
  process.exit(1);
}
for (;;) {
  let next;
  try {
    next = await call("GET", "/invocation/next");
  } catch {
    process.exit(0); // the API is gone: Sigil stopped
  }
  if (next.status !== 200) process.exit(0);
  const id = next.headers["lambda-runtime-aws-request-id"];
  const deadline = Number(next.headers["lambda-runtime-deadline-ms"] || 0);
  const context = {
    awsRequestId: id,
    invokedFunctionArn: next.headers["lambda-runtime-invoked-function-arn"],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    callbackWaitsForEmptyEventLoop: true,
  };
  try {
    const result = await invoke(handler, JSON.parse(next.body), context);
    await call("POST", `/invocation/${id}/response`, JSON.stringify(result === undefined ? null : result));
  } catch (error) {
    await call("POST", `/invocation/${id}/error`, errorBody(error), { "Lambda-Runtime-Function-Error-Type": "Unhandled" });
  }
}
