/** Process exit codes of `sosie`, following the usual shell conventions. */
export const ExitCode = {
  ok: 0,
  /** The input data, a metadata file or a file system path is unusable (message names the file). */
  inputError: 1,
  /** The command line itself is wrong: unknown command or option, missing argument. */
  usageError: 2,
  /** A bug in sosie (sysexits EX_SOFTWARE). */
  internalError: 70,
  /** Interrupted by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
