import { randomBytes } from "node:crypto";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { describeFileError } from "./file-access.ts";

/** Temporary files being written by this process, removed on Ctrl-C (see main.ts). */
const pendingTemporaryFiles = new Set<string>();

/** Removes every temporary file still being written; synchronous so it can run on a signal. */
export function removePendingTemporaryFiles(): void {
  for (const path of pendingTemporaryFiles) rmSync(path, { force: true });
  pendingTemporaryFiles.clear();
}

/** `.<name>.tmp-<pid>-<random>` beside the target: same file system, so rename is atomic. */
export function temporaryPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`);
}

/**
 * An output file that appears complete or not at all. Writes go to a temporary file in the
 * target's directory; `commit` flushes it to disk and renames it over the target; `abort` (or
 * any failed write or commit) removes it. Readers of the target never see a partial file.
 */
export class AtomicFile {
  private constructor(
    readonly target: string,
    private readonly temporary: string,
    private handle: FileHandle | undefined,
  ) {}

  static async create(target: string): Promise<AtomicFile> {
    const temporary = temporaryPathFor(target);
    pendingTemporaryFiles.add(temporary);
    try {
      // "wx": never follow or reuse an existing file under the temporary name.
      return new AtomicFile(target, temporary, await open(temporary, "wx", 0o644));
    } catch (error) {
      pendingTemporaryFiles.delete(temporary);
      throw describeFileError(target, error);
    }
  }

  async write(data: string | Uint8Array): Promise<void> {
    const handle = this.openHandle();
    try {
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      // write() may write less than asked; loop until every byte is out.
      for (let offset = 0; offset < bytes.length;) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
      }
    } catch (error) {
      await this.abort();
      throw describeFileError(this.target, error);
    }
  }

  async commit(): Promise<void> {
    const handle = this.openHandle();
    try {
      await handle.sync();
      await handle.close();
      this.handle = undefined;
      await rename(this.temporary, this.target);
      pendingTemporaryFiles.delete(this.temporary);
    } catch (error) {
      await this.abort();
      throw describeFileError(this.target, error);
    }
  }

  /** Discards the output; safe to call more than once. */
  async abort(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => {});
    await rm(this.temporary, { force: true });
    pendingTemporaryFiles.delete(this.temporary);
  }

  private openHandle(): FileHandle {
    if (this.handle === undefined) throw new Error(`${this.target}: output already committed or aborted`);
    return this.handle;
  }
}

/** Writes `data` to `target` atomically. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const file = await AtomicFile.create(target);
  await file.write(data);
  await file.commit();
}

/** Writes `value` as indented JSON (with a final newline) to `target` atomically. */
export async function writeJsonAtomic(target: string, value: unknown): Promise<void> {
  await writeFileAtomic(target, JSON.stringify(value, null, 2) + "\n");
}
