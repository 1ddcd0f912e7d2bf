import { stat } from "node:fs/promises";
import { FileError } from "./cli-errors.ts";

const REASONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EISDIR: "is a directory, not a file",
  ENOTDIR: "a parent of this path is not a directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOSPC: "no space left on device",
  EROFS: "read-only file system",
  EEXIST: "already exists",
  ENAMETOOLONG: "file name too long",
};

/** A file system error as a one-line FileError naming the file; other errors pass through. */
export function describeFileError(file: string, error: unknown): unknown {
  const code = error instanceof Error && "code" in error ? String(error.code) : undefined;
  const reason = code === undefined ? undefined : REASONS[code];
  return reason === undefined ? error : new FileError(file, reason);
}

/** Size of a regular file; a clear error for a missing file, a directory or no permission. */
export async function regularFileSize(file: string): Promise<number> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    throw describeFileError(file, error);
  }
  if (info.isDirectory()) throw new FileError(file, "is a directory, not a file");
  if (!info.isFile()) throw new FileError(file, "is not a regular file");
  return info.size;
}
