import { readFileSync } from "node:fs";

/** The CLI's version, from packages/cli/package.json (the single place it is set). */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}
