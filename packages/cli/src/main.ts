// Entry point of the `sosie` command (bin/sosie.mjs and `npm run sosie` both load this file).
import { runCli } from "./cli.ts";
import { ExitCode } from "./exit-codes.ts";
import { removePendingTemporaryFiles } from "./atomic-file.ts";

// Ctrl-C or a kill must not leave half-written output behind.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    removePendingTemporaryFiles();
    process.stderr.write(`\nsosie: interrupted\n`);
    process.exit(signal === "SIGINT" ? ExitCode.interrupted : 128 + (signal === "SIGTERM" ? 15 : 1));
  });
}

// `sosie inspect x | head` closes stdout early: stop quietly instead of crashing with EPIPE.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(ExitCode.ok);
  throw error;
});

// The exit code is set, not forced, so that buffered output to pipes is flushed first.
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
});
