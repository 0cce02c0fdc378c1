// Installs this module's node_modules exactly as package-lock.json says (npm ci), unless they already are.
// Run by the Maven build (exec-maven-plugin) so that a fresh clone and `./mvnw install` is all it takes;
// the check keeps warm builds from reinstalling every time.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const lockFile = join(here, "package-lock.json");
const stampFile = join(here, "node_modules", ".quotepipe-installed-lock.sha256");

const lockHash = createHash("sha256").update(readFileSync(lockFile)).digest("hex");
if (existsSync(stampFile) && readFileSync(stampFile, "utf8").trim() === lockHash) {
  console.log("node_modules matches package-lock.json; npm ci skipped");
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
