// What the local cloud's Node servers (sns-emulator, dynamodb) share: their command line, the READY line and the
// lifeline on stdin. The Java servers have the same contract in local-cloud/support (ServerMain, ParentWatch).
//
//   node start.mjs [--port N] [--verbose]
//
// A server prints exactly one machine-readable line on stdout once it accepts connections:
//   READY port=<actual port>
// and exits when its standard input closes, so it never outlives the JVM that launched it
// (the parent keeps the pipe open; even a SIGKILLed parent closes it).
import { parseArgs } from "node:util";

/** The options of every server: --port N (0, the default, lets the system choose) and --verbose. */
export function serverOptions(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: "string", default: "0" }, verbose: { type: "boolean", default: false } },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be 0..65535, was '${values.port}'`);
  }
  return { port, verbose: values.verbose };
}

/**
 * Prints the READY line for `port`, and from then on calls `stop` (an async function) once when stdin closes or a
 * SIGTERM/SIGINT arrives; the process exits when it returns, or after `graceMs` at the latest.
 */
export function serveUntilParentExits(name, port, stop, graceMs = 2000) {
  let stopping = false;
  async function stopOnce(reason) {
    if (stopping) {
      return;
    }
    stopping = true;
    console.error(`${name} stopping: ${reason}`);
    const timer = setTimeout(() => process.exit(0), graceMs);
    timer.unref();
    try {
      await stop();
    } finally {
      process.exit(0);
    }
  }
  process.stdin.on("end", () => stopOnce("stdin closed (parent gone)"));
  process.stdin.on("error", () => stopOnce("stdin error (parent gone)"));
  process.stdin.resume();
  process.on("SIGTERM", () => stopOnce("SIGTERM"));
  process.on("SIGINT", () => stopOnce("SIGINT"));
  process.stdout.write(`READY port=${port}\n`);
}
