import { readFileSync } from "node:fs";

/** The engine's version, from packages/core/package.json, stated on every report. */
export function coreVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../../core/package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return manifest.version;
}
