import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root: the CLI runs from there, as `npm run sosie` does. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** How `npm run sosie` starts the program. */
const VIA_TSX = ["--import", "tsx", "packages/cli/src/main.ts"];
/** How the installed `sosie` command (package.json "bin") starts it. */
export const VIA_LAUNCHER = ["packages/cli/bin/sosie.mjs"];

/** Runs the real `sosie` program in a child process (node --import tsx packages/cli/src/main.ts). */
export function runSosie(args: readonly string[], options: { cwd?: string; entry?: string[] } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.entry ?? VIA_TSX), ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") }),
    );
  });
}
