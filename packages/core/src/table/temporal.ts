/**
 * Date and datetime text formats.
 *
 * Dates are whole days since 1970-01-01 and datetimes seconds since 1970-01-01T00:00:00Z
 * (float64), computed with proleptic Gregorian civil-date arithmetic in UTC: local time never
 * enters, so results do not depend on the machine's time zone.
 *
 * A format is a pattern of tokens; every other character is a literal:
 *   YYYY  4-digit year          MM / M  month, 2 digits / 1-2 digits (written unpadded)
 *   MMM   English month abbreviation (Jan..Dec, case-insensitive on read, "Jan" on write)
 *   DD / D  day                 HH / H  hour 00-23          mm  minute      ss  second
 *   S…S   fraction of a second; the run length is the number of digits written
 *   Z     the literal UTC designator "Z"
 *   ±hh:mm  a fixed offset (e.g. "+02:00"): read and written in that offset
 *   XXX   any offset ±hh:mm or Z on read (converted to UTC); written as "+00:00"
 * Formats without DD (years, year-months) denote the first day of the period.
 */

export type TemporalKind = "date" | "datetime";

type Field = "year" | "month" | "day" | "hour" | "minute" | "second";

type Token =
  | { type: "number"; field: Field; minDigits: number; maxDigits: number; pad: boolean }
  | { type: "monthName" }
  | { type: "fraction"; digits: number }
  | { type: "utc" }
  | { type: "fixedOffset"; minutes: number; text: string }
  | { type: "anyOffset" }
  | { type: "literal"; text: string };

interface CompiledFormat {
  readonly tokens: readonly Token[];
  readonly fields: ReadonlySet<Field>;
  readonly fractionDigits: number;
  /** Offset (minutes east of UTC) in which values are written. */
  readonly writeOffset: number;
}

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// ---------------------------------------------------------------------------------------------
// Civil-date arithmetic (H. Hinnant's days_from_civil / civil_from_days), exact for any year.

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number (inverse of daysFromCivil). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// ---------------------------------------------------------------------------------------------
// Format compilation.

const compiled = new Map<string, CompiledFormat>();

function compile(format: string): CompiledFormat {
  let c = compiled.get(format);
  if (c === undefined) {
    c = compileUncached(format);
    compiled.set(format, c);
  }
  return c;
}

function compileUncached(format: string): CompiledFormat {
  const tokens: Token[] = [];
  const fields = new Set<Field>();
  let fractionDigits = 0;
  let writeOffset = 0;
  let offsets = 0;
  const addField = (field: Field, minDigits: number, maxDigits: number, pad: boolean) => {
    if (fields.has(field)) throw new RangeError(`temporal format "${format}" has the ${field} twice`);
    fields.add(field);
    tokens.push({ type: "number", field, minDigits, maxDigits, pad });
  };
  let i = 0;
  while (i < format.length) {
    const rest = format.slice(i);
    const offset = /^[+-]\d{2}:\d{2}/.exec(rest);
    if (rest.startsWith("YYYY")) {
      addField("year", 4, 4, true);
      i += 4;
    } else if (rest.startsWith("MMM")) {
      if (fields.has("month")) throw new RangeError(`temporal format "${format}" has the month twice`);
      fields.add("month");
      tokens.push({ type: "monthName" });
      i += 3;
    } else if (rest.startsWith("MM")) {
      addField("month", 2, 2, true);
      i += 2;
    } else if (rest.startsWith("M")) {
      addField("month", 1, 2, false);
      i += 1;
    } else if (rest.startsWith("DD")) {
      addField("day", 2, 2, true);
      i += 2;
    } else if (rest.startsWith("D")) {
      addField("day", 1, 2, false);
      i += 1;
    } else if (rest.startsWith("HH")) {
      addField("hour", 2, 2, true);
      i += 2;
    } else if (rest.startsWith("H")) {
      addField("hour", 1, 2, false);
      i += 1;
    } else if (rest.startsWith("mm")) {
      addField("minute", 2, 2, true);
      i += 2;
    } else if (rest.startsWith("ss")) {
      addField("second", 2, 2, true);
      i += 2;
    } else if (rest.startsWith("S")) {
      let n = 0;
      while (format[i + n] === "S") n++;
      if (n > 9) throw new RangeError(`temporal format "${format}": at most 9 fraction digits`);
      if (fractionDigits > 0) throw new RangeError(`temporal format "${format}" has two fractions`);
      fractionDigits = n;
      tokens.push({ type: "fraction", digits: n });
      i += n;
    } else if (rest.startsWith("XXX")) {
      offsets++;
      tokens.push({ type: "anyOffset" });
      i += 3;
    } else if (rest.startsWith("Z")) {
      offsets++;
      tokens.push({ type: "utc" });
      i += 1;
    } else if (offset !== null) {
      const text = offset[0];
      const minutes = (Number(text.slice(1, 3)) * 60 + Number(text.slice(4, 6))) * (text[0] === "-" ? -1 : 1);
      if (Number(text.slice(1, 3)) > 23 || Number(text.slice(4, 6)) > 59)
        throw new RangeError(`temporal format "${format}": invalid offset`);
      offsets++;
      writeOffset = minutes;
      tokens.push({ type: "fixedOffset", minutes, text });
      i += text.length;
    } else {
      const last = tokens[tokens.length - 1];
      if (last !== undefined && last.type === "literal") last.text += format[i];
      else tokens.push({ type: "literal", text: format[i] });
      i += 1;
    }
  }
  if (offsets > 1) throw new RangeError(`temporal format "${format}" has more than one zone`);
  return { tokens, fields, fractionDigits, writeOffset };
}

/** Why `format` is not a valid pattern for `kind`, or null when it is. */
export function temporalFormatProblem(kind: TemporalKind, format: string): string | null {
  let c: CompiledFormat;
  try {
    c = compile(format);
  } catch (e) {
    return (e as Error).message;
  }
  const f = c.fields;
  if (!f.has("year")) return `temporal format "${format}" has no year (YYYY)`;
  if (f.has("day") && !f.has("month")) return `temporal format "${format}" has a day but no month`;
  const hasTime = f.has("hour") || f.has("minute") || f.has("second") || c.fractionDigits > 0;
  const hasZone = c.tokens.some((t) => t.type === "utc" || t.type === "fixedOffset" || t.type === "anyOffset");
  if (kind === "date" && (hasTime || hasZone)) return `date format "${format}" has a time or zone part`;
  if (kind === "datetime") {
    if (!f.has("month") || !f.has("day") || !f.has("hour") || !f.has("minute"))
      return `datetime format "${format}" needs YYYY, MM, DD, HH and mm`;
    if (c.fractionDigits > 0 && !f.has("second")) return `datetime format "${format}" has a fraction but no seconds`;
  }
  return null;
}

const validated = { date: new Map<string, CompiledFormat>(), datetime: new Map<string, CompiledFormat>() };

function assertFormat(kind: TemporalKind, format: string): CompiledFormat {
  let c = validated[kind].get(format);
  if (c === undefined) {
    const problem = temporalFormatProblem(kind, format);
    if (problem !== null) throw new RangeError(problem);
    c = compile(format);
    validated[kind].set(format, c);
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// Parsing.

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * The value of `text` in `format`: days (date) or seconds (datetime) since the epoch, or null
 * when the text does not match the pattern or names an impossible date or time (2023-02-30).
 */
export function parseTemporal(text: string, kind: TemporalKind, format: string): number | null {
  const c = assertFormat(kind, format);
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = 0;
  let offset = 0;
  let pos = 0;
  for (const t of c.tokens) {
    switch (t.type) {
      case "literal":
        if (!text.startsWith(t.text, pos)) return null;
        pos += t.text.length;
        break;
      case "number": {
        let n = 0;
        let v = 0;
        while (n < t.maxDigits && pos + n < text.length && isDigit(text.charCodeAt(pos + n))) {
          v = v * 10 + (text.charCodeAt(pos + n) - 48);
          n++;
        }
        if (n < t.minDigits) return null;
        pos += n;
        if (t.field === "year") year = v;
        else if (t.field === "month") month = v;
        else if (t.field === "day") day = v;
        else if (t.field === "hour") hour = v;
        else if (t.field === "minute") minute = v;
        else second = v;
        break;
      }
      case "monthName": {
        const name = text.slice(pos, pos + 3).toLowerCase();
        const m = MONTH_NAMES.findIndex((x) => x.toLowerCase() === name);
        if (m < 0) return null;
        month = m + 1;
        pos += 3;
        break;
      }
      case "fraction": {
        // Reads 1-9 digits whatever the declared width, so that mixed precisions still parse.
        let n = 0;
        let v = 0;
        while (n < 9 && pos + n < text.length && isDigit(text.charCodeAt(pos + n))) {
          v = v * 10 + (text.charCodeAt(pos + n) - 48);
          n++;
        }
        if (n === 0) return null;
        fraction = v / 10 ** n;
        pos += n;
        break;
      }
      case "utc":
        if (text[pos] !== "Z") return null;
        pos += 1;
        break;
      case "fixedOffset":
        if (!text.startsWith(t.text, pos)) return null;
        offset = t.minutes;
        pos += t.text.length;
        break;
      case "anyOffset": {
        if (text[pos] === "Z") {
          offset = 0;
          pos += 1;
          break;
        }
        const m = /^([+-])(\d{2}):(\d{2})/.exec(text.slice(pos, pos + 6));
        if (m === null) return null;
        const hh = Number(m[2]);
        const mi = Number(m[3]);
        if (hh > 23 || mi > 59) return null;
        offset = (hh * 60 + mi) * (m[1] === "-" ? -1 : 1);
        pos += 6;
        break;
      }
    }
  }
  if (pos !== text.length) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const days = daysFromCivil(year, month, day);
  if (kind === "date") return days;
  return days * 86400 + hour * 3600 + minute * 60 + second + fraction - offset * 60;
}

// ---------------------------------------------------------------------------------------------
// Formatting.

function pad(v: number, width: number): string {
  const s = String(v);
  return s.length >= width ? s : "0".repeat(width - s.length) + s;
}

/** `value` (days or seconds since the epoch) written in `format`; the inverse of parseTemporal. */
export function formatTemporal(value: number, kind: TemporalKind, format: string): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot format a non-finite ${kind}`);
  const c = assertFormat(kind, format);
  let days: number;
  let secondOfDay = 0;
  let fraction = 0;
  if (kind === "date") {
    days = Math.floor(value);
  } else {
    // Round once at the written precision, then split: carries into seconds and days come free.
    const scale = 10 ** c.fractionDigits;
    const ticks = Math.round((value + c.writeOffset * 60) * scale);
    const whole = Math.floor(ticks / scale);
    fraction = ticks - whole * scale;
    days = Math.floor(whole / 86400);
    secondOfDay = whole - days * 86400;
  }
  const { year, month, day } = civilFromDays(days);
  const parts: Record<Field, number> = {
    year,
    month,
    day,
    hour: Math.floor(secondOfDay / 3600),
    minute: Math.floor((secondOfDay % 3600) / 60),
    second: secondOfDay % 60,
  };
  let out = "";
  for (const t of c.tokens) {
    switch (t.type) {
      case "literal":
        out += t.text;
        break;
      case "number":
        out += t.pad ? pad(parts[t.field], t.minDigits) : String(parts[t.field]);
        break;
      case "monthName":
        out += MONTH_NAMES[month - 1];
        break;
      case "fraction":
        out += pad(fraction, t.digits);
        break;
      case "utc":
        out += "Z";
        break;
      case "fixedOffset":
        out += t.text;
        break;
      case "anyOffset":
        out += "+00:00";
        break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Detection.

export interface DetectedTemporalFormat {
  kind: TemporalKind;
  format: string;
  /** In [0, 1]: lower when the day/month order or the YYYYMMDD reading is a guess. */
  confidence: number;
  /** Human explanation, e.g. "dd/mm/yyyy (a first field above 12): date". */
  reason: string;
}

export interface DetectTemporalOptions {
  /** The column name: a date-like name allows reading 8-digit integers as YYYYMMDD. */
  columnName?: string;
}

const DATE_LIKE_NAME = /date|dte|datetime|_dt$|^dt_|birth|dob|naiss|jour|day_of|timestamp|time_stamp/i;

/** Shapes of the first field of a day/month pair: "DD"/"MM" when every value pads to 2 digits. */
function dayMonthFormats(texts: readonly string[], sep: string, suffix: string): { dayFirst: string; monthFirst: string } {
  const re = new RegExp(`^(\\d{1,2})\\${sep}(\\d{1,2})\\${sep}`);
  let padded = true;
  for (const t of texts) {
    const m = re.exec(t);
    if (m === null || m[1].length !== 2 || m[2].length !== 2) {
      padded = false;
      break;
    }
  }
  const d = padded ? "DD" : "D";
  const mo = padded ? "MM" : "M";
  return { dayFirst: `${d}${sep}${mo}${sep}YYYY${suffix}`, monthFirst: `${mo}${sep}${d}${sep}YYYY${suffix}` };
}

function allParse(texts: readonly string[], kind: TemporalKind, format: string): boolean {
  for (const t of texts) if (parseTemporal(t, kind, format) === null) return false;
  return true;
}

const ISO_DATETIME = /^(\d{4}-\d{2}-\d{2})([T ])(\d{2}):(\d{2})(:\d{2})?(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/;

/** The ISO-8601 datetime format that writes every text back as read, or null. */
function isoDatetimeFormat(texts: readonly string[]): { format: string; note: string } | null {
  let sep: string | null = null;
  let seconds: boolean | null = null;
  const fractionWidths = new Set<number>();
  const zones = new Set<string>();
  for (const t of texts) {
    const m = ISO_DATETIME.exec(t);
    if (m === null) return null;
    if (sep === null) sep = m[2];
    else if (sep !== m[2]) return null;
    const hasSeconds = m[5] !== undefined;
    if (seconds === null) seconds = hasSeconds;
    else if (seconds !== hasSeconds) return null;
    fractionWidths.add(m[6] === undefined ? 0 : m[6].length);
    zones.add(m[7] === undefined ? "" : m[7]);
  }
  if (sep === null) return null;
  if (fractionWidths.size > 1 && fractionWidths.has(0)) return null;
  const hasZone = [...zones].some((z) => z !== "");
  if (hasZone && zones.has("")) return null;
  const digits = Math.max(...fractionWidths);
  let zone = "";
  let note = "";
  if (hasZone) {
    if (zones.size === 1) zone = [...zones][0];
    else {
      zone = "XXX";
      note = "; mixed time zones are converted to UTC and written as +00:00";
    }
  }
  if (fractionWidths.size > 1) note += `; fractions of ${[...fractionWidths].sort().join("/")} digits are written with ${digits}`;
  const format = `YYYY-MM-DD${sep}HH:mm${seconds ? ":ss" : ""}${digits > 0 ? "." + "S".repeat(digits) : ""}${zone}`;
  return { format, note };
}

/**
 * The date or datetime format shared by every text of `distinctTexts` (non-missing values), or
 * null when they are not all dates in one supported format. Day/month order: day-first only
 * with a first field above 12, month-first only with a second field above 12; when nothing
 * decides, day-first for "/" (said in the reason, with lower confidence).
 */
export function detectTemporalFormat(
  distinctTexts: readonly string[],
  options: DetectTemporalOptions = {},
): DetectedTemporalFormat | null {
  const texts = distinctTexts;
  if (texts.length === 0) return null;
  for (const t of texts) if (t.length < 6 || t.length > 40 || !isDigit(t.charCodeAt(0))) return null;
  const first = texts[0];

  if (/^\d{4}-\d{2}-\d{2}$/.test(first)) {
    if (allParse(texts, "date", "YYYY-MM-DD")) return { kind: "date", format: "YYYY-MM-DD", confidence: 0.98, reason: "yyyy-mm-dd: date" };
    return null;
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]/.test(first)) {
    const iso = isoDatetimeFormat(texts);
    if (iso === null || !allParse(texts, "datetime", iso.format)) return null;
    return { kind: "datetime", format: iso.format, confidence: iso.note === "" ? 0.98 : 0.85, reason: `${iso.format}: datetime${iso.note}` };
  }
  if (/^\d{4}\/\d{2}\/\d{2}$/.test(first)) {
    if (allParse(texts, "date", "YYYY/MM/DD")) return { kind: "date", format: "YYYY/MM/DD", confidence: 0.95, reason: "yyyy/mm/dd: date" };
    return null;
  }
  const dm = /^\d{1,2}([/.-])\d{1,2}\1\d{4}( \d{1,2}:\d{2}(:\d{2})?)?$/.exec(first);
  if (dm !== null) return detectDayMonth(texts, dm[1], dm[2] === undefined ? "" : dm[3] === undefined ? " HH:mm" : " HH:mm:ss");
  if (/^\d{8}$/.test(first)) return detectCompact(texts, options.columnName);
  return null;
}

function detectDayMonth(texts: readonly string[], sep: string, timeSuffix: string): DetectedTemporalFormat | null {
  const kind: TemporalKind = timeSuffix === "" ? "date" : "datetime";
  const { dayFirst, monthFirst } = dayMonthFormats(texts, sep, timeSuffix);
  const dayOk = allParse(texts, kind, dayFirst);
  const monthOk = allParse(texts, kind, monthFirst);
  const label = (f: string) => f.toLowerCase();
  if (dayOk && !monthOk) return { kind, format: dayFirst, confidence: 0.95, reason: `${label(dayFirst)} (a first field above 12): ${kind}` };
  if (monthOk && !dayOk) return { kind, format: monthFirst, confidence: 0.95, reason: `${label(monthFirst)} (a second field above 12): ${kind}` };
  if (!dayOk) return null;
  // Neither field ever exceeds 12: the order cannot be read from the data.
  if (sep === "/")
    return { kind, format: dayFirst, confidence: 0.6, reason: `${label(dayFirst)}: ${kind}; day/month order is ambiguous (no field above 12), day-first assumed` };
  return { kind, format: dayFirst, confidence: 0.7, reason: `${label(dayFirst)}: ${kind}; day/month order is ambiguous, day-first assumed for "${sep}"` };
}

function detectCompact(texts: readonly string[], columnName: string | undefined): DetectedTemporalFormat | null {
  if (!allParse(texts, "date", "YYYYMMDD")) return null;
  const dateName = columnName !== undefined && DATE_LIKE_NAME.test(columnName);
  let plausible = true;
  for (const t of texts) {
    const y = Number(t.slice(0, 4));
    if (y < 1900 || y > 2100) plausible = false;
  }
  if (dateName) return { kind: "date", format: "YYYYMMDD", confidence: 0.9, reason: "yyyymmdd with a date-like column name: date" };
  // Without a name to go by, arbitrary 8-digit codes must not pass for dates: ask for enough
  // distinct values, all plausible calendar dates of 1900-2100.
  if (plausible && texts.length >= 10)
    return { kind: "date", format: "YYYYMMDD", confidence: 0.6, reason: "yyyymmdd (every value a valid date in 1900-2100): date" };
  return null;
}
