// Starts fauxqs (SNS + SQS emulator) for the quotepipe local cloud.
//
//   node start.mjs [--port N] [--verbose]
//
// Prints `READY port=<port>` once it accepts connections and exits when stdin closes (see ../npm-server.mjs).
import net from "node:net";
import { serverOptions, serveUntilParentExits } from "../npm-server.mjs";

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

const options = serverOptions();
const { startFauxqs } = await import("fauxqs");
// Its request log is JSON on stdout; it would drown the READY line, so it is off unless asked.
const server = await startFauxqs({ port: options.port, logger: options.verbose });

serveUntilParentExits("fauxqs", server.port, () => server.stop());
