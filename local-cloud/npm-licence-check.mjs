// The licence gate for an npm module of the local cloud (run by its Maven build in the module's directory, after
// npm ci): license-checker (pinned in the module's devDependencies, so it checks itself too) with --onlyAllow the
// licences of licences/allowed.txt, the list the Maven side uses. It fails naming the package and its licence.
//
//   node ../npm-licence-check.mjs
//
// license-checker's --onlyAllow passes a package when its licence string contains an allowed id, so an expression
// such as "(MIT AND CC-BY-3.0)" passes on its MIT part; see docs/licences.md.
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const licences = join(dirname(fileURLToPath(import.meta.url)), "..", "licences");
const allowed = readFileSync(join(licences, "allowed.txt"), "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
// Packages let through although their licence is not in the list: "name@version  # why", one a line.
const exceptions = readFileSync(join(licences, "npm-exceptions.txt"), "utf8").split("\n")
  .map((l) => l.replace(/#.*/, "").trim()).filter(Boolean);

const checker = join(process.cwd(), "node_modules", "license-checker", "bin", "license-checker");
const args = [checker, "--excludePrivatePackages", "--summary", "--onlyAllow", allowed.join(";")];
if (exceptions.length > 0) {
  args.push("--excludePackages", exceptions.join(";"));
}
const result = spawnSync(process.execPath, args, { stdio: "inherit" });
if (result.error || result.status !== 0) {
  console.error(`licence gate: an npm package of ${process.cwd()} is under a licence outside licences/allowed.txt `
    + "(named above); replace it, or if its licence is open source add it (or a synonym) there, see docs/licences.md");
  process.exit(1);
}
