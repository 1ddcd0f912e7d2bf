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
  private flushed = false;

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

  /** Flushes the data to disk and closes the file; `commit` then only renames it. */
  async flush(): Promise<void> {
    if (this.flushed) return;
    const handle = this.openHandle();
    try {
      await handle.sync();
      await handle.close();
      this.handle = undefined;
      this.flushed = true;
    } catch (error) {
      await this.abort();
      throw describeFileError(this.target, error);
    }
  }

  async commit(): Promise<void> {
    await this.flush();
    try {
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
  await writeFileAtomic(target, jsonText(value));
}

/** JSON as sosie writes it: two-space indentation, final newline. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/**
 * Outputs that appear together or not at all (a synthetic table with its manifest, model and
 * link): every temporary file is opened first, so a path that cannot be written fails before any
 * work, and none is renamed into place until all are written and flushed.
 */
export class AtomicFileGroup {
  private constructor(private readonly files: ReadonlyMap<string, AtomicFile>) {}

  static async open(targets: readonly string[]): Promise<AtomicFileGroup> {
    const files = new Map<string, AtomicFile>();
    try {
      for (const target of targets) files.set(target, await AtomicFile.create(target));
    } catch (error) {
      await Promise.all([...files.values()].map((file) => file.abort()));
      throw error;
    }
    return new AtomicFileGroup(files);
  }

  file(target: string): AtomicFile {
    const file = this.files.get(target);
    if (file === undefined) throw new Error(`${target} is not an output of this group`);
    return file;
  }

  async commit(): Promise<void> {
    try {
      for (const file of this.files.values()) await file.flush();
      for (const file of this.files.values()) await file.commit();
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Discards every output not yet renamed into place. */
  async abort(): Promise<void> {
    await Promise.all([...this.files.values()].map((file) => file.abort()));
  }
}
