import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AtomicFile, AtomicFileGroup, temporaryPathFor, writeFileAtomic, writeJsonAtomic } from "./atomic-file.ts";
import { FileError } from "./cli-errors.ts";

function scratch(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), "sosie-atomic-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("writeFileAtomic writes the whole file and leaves no temporary file", async (t) => {
  const dir = scratch(t);
  const target = join(dir, "out.txt");
  await writeFileAtomic(target, "é".repeat(100_000));
  assert.equal(readFileSync(target, "utf8"), "é".repeat(100_000));
  assert.deepEqual(readdirSync(dir), ["out.txt"]);
});

test("writeJsonAtomic replaces an existing file with indented JSON", async (t) => {
  const dir = scratch(t);
  const target = join(dir, "m.json");
  writeFileSync(target, "old");
  await writeJsonAtomic(target, { a: [1, 2] });
  assert.equal(readFileSync(target, "utf8"), '{\n  "a": [\n    1,\n    2\n  ]\n}\n');
});

test("the temporary file sits beside the target, hidden, with pid and random suffix", () => {
  const path = temporaryPathFor("/data/out.json");
  assert.match(path, new RegExp(`^/data/\\.out\\.json\\.tmp-${process.pid}-[0-9a-f]{12}$`));
  assert.notEqual(path, temporaryPathFor("/data/out.json"));
});

test("an aborted output leaves neither the target nor a temporary file", async (t) => {
  const dir = scratch(t);
  const file = await AtomicFile.create(join(dir, "out.csv"));
  await file.write("a,b\n");
  assert.equal(readdirSync(dir).length, 1, "the temporary file exists while writing");
  await file.abort();
  assert.deepEqual(readdirSync(dir), []);
});

test("a failed rename (target is a directory) removes the temporary file and names the target", async (t) => {
  const dir = scratch(t);
  const target = join(dir, "taken");
  mkdirSync(join(target, "inner"), { recursive: true });
  await assert.rejects(writeFileAtomic(target, "x"), (error: unknown) => {
    assert.ok(error instanceof FileError);
    assert.match(error.message, /taken: /);
    return true;
  });
  assert.deepEqual(readdirSync(dir), ["taken"]);
});

test("a missing output directory is a FileError naming the target", async (t) => {
  const dir = scratch(t);
  const target = join(dir, "no", "such", "out.json");
  await assert.rejects(writeJsonAtomic(target, {}), (error: unknown) => {
    assert.ok(error instanceof FileError);
    assert.equal(error.message, `${target}: no such file or directory`);
    return true;
  });
});

test("a group opens every output first: one bad path fails before anything is written", async (t) => {
  const dir = scratch(t);
  const bad = join(dir, "no", "model.json");
  await assert.rejects(AtomicFileGroup.open([join(dir, "out.csv"), bad]), (error: unknown) => {
    assert.ok(error instanceof FileError);
    assert.equal(error.message, `${bad}: no such file or directory`);
    return true;
  });
  assert.deepEqual(readdirSync(dir), [], "the first temporary file is removed too");
});

test("a group renames its outputs only on commit, and abort leaves none", async (t) => {
  const dir = scratch(t);
  const [a, b] = [join(dir, "a.csv"), join(dir, "a.csv.manifest.json")];
  const group = await AtomicFileGroup.open([a, b]);
  await group.file(a).write("x\n");
  await group.file(b).write("{}\n");
  assert.deepEqual(
    readdirSync(dir).filter((f) => !f.includes(".tmp-")),
    [],
    "nothing in place before commit",
  );
  await group.commit();
  assert.deepEqual(readdirSync(dir).sort(), ["a.csv", "a.csv.manifest.json"]);
  assert.equal(readFileSync(b, "utf8"), "{}\n");
  const aborted = await AtomicFileGroup.open([join(dir, "c.csv")]);
  await aborted.file(join(dir, "c.csv")).write("y\n");
  await aborted.abort();
  assert.deepEqual(readdirSync(dir).sort(), ["a.csv", "a.csv.manifest.json"]);
});
