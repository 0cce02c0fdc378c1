// Starts fauxqs (SNS + SQS emulator) for the quotepipe local cloud.
//
//   node start.mjs [--port N] [--verbose]
//
// Prints exactly one machine-readable line on stdout once it accepts connections:
//   READY port=<actual port>
// and exits when its standard input closes, so it never outlives the JVM that launched it
// (the parent keeps the pipe open; even a SIGKILLed parent closes it).
import net from "node:net";

// fauxqs 1.9.2 hard-codes host "0.0.0.0" in app.listen(). The local cloud must listen on the
// loopback interface only, so every listen() in this process is redirected to 127.0.0.1.
const LOOPBACK = "127.0.0.1";
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  if (args.length > 0 && typeof args[0] === "object" && args[0] !== null && args[0].path == null) {
    args[0] = { ...args[0], host: LOOPBACK };
  } else if (typeof args[0] === "number" || typeof args[0] === "string") {
    // listen(port[, host][, backlog][, callback]): drop any host given and use loopback.
    const port = args[0];
    const rest = args.slice(1).filter((a) => typeof a !== "string");
    args = [port, LOOPBACK, ...rest];
  }
  return originalListen.apply(this, args);
};

function parseArgs(argv) {
  const options = { port: 0, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--port") {
      options.port = Number.parseInt(argv[++i], 10);
    } else if (argv[i] === "--verbose") {
      options.verbose = true;
    } else {
      throw new Error(`unknown argument '${argv[i]}'; usage: node start.mjs [--port N] [--verbose]`);
    }
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error(`--port must be 0..65535, was '${options.port}'`);
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const { startFauxqs } = await import("fauxqs");
// Its request log is JSON on stdout; it would drown the READY line, so it is off unless asked.
const server = await startFauxqs({ port: options.port, logger: options.verbose });

let stopping = false;
async function stop(reason) {
  if (stopping) {
    return;
  }
  stopping = true;
  console.error(`fauxqs stopping: ${reason}`);
  const timer = setTimeout(() => process.exit(0), 2000);
  timer.unref();
  try {
    await server.stop();
  } finally {
    process.exit(0);
  }
}

process.stdin.on("end", () => stop("stdin closed (parent gone)"));
process.stdin.on("error", () => stop("stdin error (parent gone)"));
process.stdin.resume();
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));

process.stdout.write(`READY port=${server.port}\n`);
