/**
 * Typed errors. Every error raised on user input says where (file, line, column) and what,
 * and never carries a real value from the data (privacy by design): messages name columns,
 * line numbers and kinds, not cell contents.
 */

export interface InputLocation {
  /** File name or a label for in-memory input ("<input>"). */
  file?: string;
  /** 1-based physical line in the file (the header is line 1). */
  line?: number;
  /** Column name (preferred) or 1-based column number. */
  column?: string | number;
}

/** Stable machine-readable codes, so that callers and tests do not match on message text. */
export type InputErrorCode =
  | "empty-file"
  | "header-only"
  | "binary-file"
  | "invalid-encoding"
  | "ragged-row"
  | "unterminated-quote"
  | "duplicate-header"
  | "empty-header"
  | "line-too-long"
  | "too-many-columns"
  | "invalid-metadata"
  | "metadata-mismatch"
  | "invalid-value"
  | "invalid-option"
  | "unsupported-format"
  | "invalid-schema"
  | "too-few-subjects";

export class SosieInputError extends Error {
  readonly code: InputErrorCode;
  readonly location: InputLocation;

  constructor(code: InputErrorCode, message: string, location: InputLocation = {}) {
    super(SosieInputError.format(message, location));
    this.name = "SosieInputError";
    this.code = code;
    this.location = location;
  }

  /** "file.csv, line 12, column "age": message" */
  static format(message: string, loc: InputLocation): string {
    const where: string[] = [];
    if (loc.file !== undefined) where.push(loc.file);
    if (loc.line !== undefined) where.push(`line ${loc.line}`);
    if (loc.column !== undefined)
      where.push(typeof loc.column === "number" ? `column ${loc.column}` : `column "${loc.column}"`);
    return where.length > 0 ? `${where.join(", ")}: ${message}` : message;
  }

  /** The same error located in a file (the CLI knows file names, core readers may not). */
  withFile(file: string): SosieInputError {
    return new SosieInputError(this.code, this.rawMessage(), { ...this.location, file });
  }

  private rawMessage(): string {
    const prefix = SosieInputError.format("", this.location);
    return prefix.length > 0 ? this.message.slice(prefix.length) : this.message;
  }
}

/** Raised on invalid options or arguments given by a programmer or CLI user. */
export class SosieOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SosieOptionError";
  }
}
