import { runCli } from "../src/cli.ts";

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `sosie` in this process with stdout and stderr captured in memory (nothing is printed). */
export async function runSosieInProcess(args: readonly string[]): Promise<CapturedRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(args, {
    stdout: { write: (chunk: string) => stdout.push(chunk) },
    stderr: { write: (chunk: string) => stderr.push(chunk) },
  });
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}
