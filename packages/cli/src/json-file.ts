import { readFile } from "node:fs/promises";
import { type InputErrorCode, SosieInputError } from "@sosie/core";
import { describeFileError, regularFileSize } from "./file-access.ts";

/**
 * Reads and parses a JSON file. A syntax error becomes a SosieInputError with `code`, naming
 * the file, line and character column, and never quoting the file's text (V8's messages can
 * include a snippet of it, which may hold real category values).
 */
export async function readJsonFile(file: string, code: InputErrorCode): Promise<unknown> {
  await regularFileSize(file);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw describeFileError(file, error);
  }
  return parseJsonText(text.replace(/^\uFEFF/, ""), file, code);
}

export function parseJsonText(text: string, file: string, code: InputErrorCode): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const position = /at position (\d+)/.exec(error.message);
    // Keep V8's description ("Expected ',' or '}' after property value") but drop any quoted text.
    const reason = error.message.includes('"')
      ? "unexpected character"
      : error.message.replace(/ in JSON at position \d+.*$/, "").replace(/\.$/, "");
    if (position === null) {
      const where = /end of JSON input/.test(error.message) ? lineAndColumn(text, text.length) : {};
      return throwSyntax(file, code, reason, where);
    }
    return throwSyntax(file, code, reason, lineAndColumn(text, Number(position[1])));
  }
}

function throwSyntax(
  file: string,
  code: InputErrorCode,
  reason: string,
  where: { line?: number; column?: number },
): never {
  throw new SosieInputError(code, `not valid JSON (${lowerFirst(reason)})`, { file, ...where });
}

/** 1-based line and character column of offset `at` in `text`. */
export function lineAndColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at && i < text.length; i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  return { line, column: at - lineStart + 1 };
}

function lowerFirst(text: string): string {
  return text.length === 0 ? text : text[0].toLowerCase() + text.slice(1);
}
