// Installs the node_modules of the npm module in the current directory exactly as its package-lock.json says
// (npm ci), unless they already are. One script for every npm module of the local cloud (sns-emulator, dynamodb,
// licence-check), run by their Maven builds (exec-maven-plugin, working directory = the module) so that a fresh
// clone and `./mvnw verify` is all it takes; the check keeps warm builds from reinstalling every time.
//
//   node ../npm-install-deps.mjs
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const here = process.cwd();
const lockFile = join(here, "package-lock.json");
const stampFile = join(here, "node_modules", ".quotepipe-installed-lock.sha256");

if (!existsSync(lockFile)) {
  console.error(`no package-lock.json in ${here}: run this script from an npm module of local-cloud`);
  process.exit(1);
}
const lockHash = createHash("sha256").update(readFileSync(lockFile)).digest("hex");
if (existsSync(stampFile) && readFileSync(stampFile, "utf8").trim() === lockHash) {
  console.log(`${here}: node_modules matches package-lock.json; npm ci skipped`);
  process.exit(0);
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const result = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: here, stdio: "inherit", shell: process.platform === "win32" });
if (result.error || result.status !== 0) {
  console.error(`npm ci failed in ${here} (${result.error ?? "exit " + result.status}); `
    + "it needs Node >= 20 and npm on PATH and access to the npm registry");
  process.exit(1);
}
writeFileSync(stampFile, lockHash + "\n");
