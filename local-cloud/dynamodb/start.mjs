// Starts dynalite (DynamoDB's API, in memory) for the quotepipe local cloud, on 127.0.0.1 only.
//
//   node start.mjs [--port N] [--verbose]
//
// Prints `READY port=<port>` once it accepts connections and exits when stdin closes (see ../npm-server.mjs).
// What dynalite does not implement (UpdateTimeToLive, PartiQL's ExecuteStatement, transactions) it answers with
// DynamoDB's own UnknownOperationException; nothing here adds or imitates those operations.
import dynalite from "dynalite";
import { serverOptions, serveUntilParentExits } from "../npm-server.mjs";

const options = serverOptions();
const server = dynalite({
  verbose: options.verbose,
  // dynalite keeps a new table CREATING for 500 ms by default, to mimic AWS; the SDK's table waiter then sleeps
  // 20 s before it looks again. DynamoDB's contract (wait until ACTIVE) holds either way; 0 keeps starts fast.
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
});

await new Promise((resolve, reject) => {
  server.once("error", reject);
  server.listen(options.port, "127.0.0.1", resolve);
});

serveUntilParentExits("dynalite", server.address().port,
  () => new Promise((resolve) => server.close(() => resolve())));
