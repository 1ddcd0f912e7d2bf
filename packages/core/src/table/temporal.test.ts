import { test } from "node:test";
import assert from "node:assert/strict";
import {
  civilFromDays,
  daysFromCivil,
  detectTemporalFormat,
  formatTemporal,
  parseTemporal,
  temporalFormatProblem,
} from "./temporal.ts";

test("civil-date arithmetic: hand-computed day numbers", () => {
  assert.equal(daysFromCivil(1970, 1, 1), 0);
  // 2000-01-01 is 30 years (7 leap days: 72..96) after 1970: 30*365 + 7 = 10957; + 31 (Jan) + 29 (Feb 2000 is leap) = 11017.
  assert.equal(daysFromCivil(2000, 1, 1), 10957);
  assert.equal(daysFromCivil(2000, 3, 1), 11017);
  assert.equal(daysFromCivil(1969, 12, 31), -1);
  assert.equal(daysFromCivil(1900, 3, 1), -25508); // 1900 is not a leap year
  assert.deepEqual(civilFromDays(11017), { year: 2000, month: 3, day: 1 });
  assert.deepEqual(civilFromDays(-1), { year: 1969, month: 12, day: 31 });
  for (let d = -800000; d <= 800000; d += 997) {
    const c = civilFromDays(d);
    assert.equal(daysFromCivil(c.year, c.month, c.day), d);
  }
});

test("parseTemporal: dates in every supported pattern", () => {
  assert.equal(parseTemporal("2000-03-01", "date", "YYYY-MM-DD"), 11017);
  assert.equal(parseTemporal("01/03/2000", "date", "DD/MM/YYYY"), 11017);
  assert.equal(parseTemporal("03/01/2000", "date", "MM/DD/YYYY"), 11017);
  assert.equal(parseTemporal("2000/03/01", "date", "YYYY/MM/DD"), 11017);
  assert.equal(parseTemporal("01.03.2000", "date", "DD.MM.YYYY"), 11017);
  assert.equal(parseTemporal("01-03-2000", "date", "DD-MM-YYYY"), 11017);
  assert.equal(parseTemporal("20000301", "date", "YYYYMMDD"), 11017);
  assert.equal(parseTemporal("1/3/2000", "date", "D/M/YYYY"), 11017);
  assert.equal(parseTemporal("01032000", "date", "DDMMYYYY"), 11017);
  assert.equal(parseTemporal("1970", "date", "YYYY"), 0);
  assert.equal(parseTemporal("197002", "date", "YYYYMM"), 31);
});

test("parseTemporal: invalid calendar dates and shapes do not match", () => {
  assert.equal(parseTemporal("2023-02-30", "date", "YYYY-MM-DD"), null);
  assert.equal(parseTemporal("2023-02-29", "date", "YYYY-MM-DD"), null);
  assert.equal(parseTemporal("2024-02-29", "date", "YYYY-MM-DD"), daysFromCivil(2024, 2, 29));
  assert.equal(parseTemporal("2023-13-01", "date", "YYYY-MM-DD"), null);
  assert.equal(parseTemporal("2023-1-01", "date", "YYYY-MM-DD"), null);
  assert.equal(parseTemporal("2023-01-01 ", "date", "YYYY-MM-DD"), null);
  assert.equal(parseTemporal("2023-01-01 24:00:00", "datetime", "YYYY-MM-DD HH:mm:ss"), null);
  assert.equal(parseTemporal("", "date", "YYYY-MM-DD"), null);
});

test("parseTemporal: datetimes with seconds, fractions and zones", () => {
  const base = 11017 * 86400;
  assert.equal(parseTemporal("2000-03-01 00:00:00", "datetime", "YYYY-MM-DD HH:mm:ss"), base);
  assert.equal(parseTemporal("2000-03-01T12:34:56", "datetime", "YYYY-MM-DDTHH:mm:ss"), base + 45296);
  assert.equal(parseTemporal("2000-03-01T12:34:56.250Z", "datetime", "YYYY-MM-DDTHH:mm:ss.SSSZ"), base + 45296.25);
  // 12:34:56+02:00 is 10:34:56 UTC.
  assert.equal(parseTemporal("2000-03-01T12:34:56+02:00", "datetime", "YYYY-MM-DDTHH:mm:ss+02:00"), base + 45296 - 7200);
  assert.equal(parseTemporal("2000-03-01T12:34:56-01:30", "datetime", "YYYY-MM-DDTHH:mm:ssXXX"), base + 45296 + 5400);
  assert.equal(parseTemporal("01/03/2000 12:34", "datetime", "DD/MM/YYYY HH:mm"), base + 45240);
  assert.equal(parseTemporal("01Mar2000:12:34:56", "datetime", "DDMMMYYYY:HH:mm:ss"), base + 45296);
  assert.equal(parseTemporal("1969-12-31 23:59:59", "datetime", "YYYY-MM-DD HH:mm:ss"), -1);
});

test("formatTemporal writes back exactly what was read", () => {
  const cases: [string, "date" | "datetime", string][] = [
    ["2000-03-01", "date", "YYYY-MM-DD"],
    ["29/02/2024", "date", "DD/MM/YYYY"],
    ["12/31/1999", "date", "MM/DD/YYYY"],
    ["1/3/2000", "date", "D/M/YYYY"],
    ["19000101", "date", "YYYYMMDD"],
    ["2202-07-15 23:59:59", "datetime", "YYYY-MM-DD HH:mm:ss"],
    ["2000-03-01T12:34:56.123456Z", "datetime", "YYYY-MM-DDTHH:mm:ss.SSSSSSZ"],
    ["2000-03-01T00:00:00.999+05:30", "datetime", "YYYY-MM-DDTHH:mm:ss.SSS+05:30"],
    ["1950-06-30T23:59:59.5", "datetime", "YYYY-MM-DDTHH:mm:ss.S"],
    ["31/12/1969 23:59", "datetime", "DD/MM/YYYY HH:mm"],
    ["02Jan2007:22:12:17", "datetime", "DDMMMYYYY:HH:mm:ss"],
  ];
  for (const [text, kind, format] of cases) {
    const v = parseTemporal(text, kind, format);
    assert.notEqual(v, null, text);
    assert.equal(formatTemporal(v!, kind, format), text);
  }
  assert.equal(formatTemporal(0, "datetime", "YYYY-MM-DDTHH:mm:ssXXX"), "1970-01-01T00:00:00+00:00");
  assert.throws(() => formatTemporal(NaN, "date", "YYYY-MM-DD"), RangeError);
});

test("formatTemporal rounds at the written precision with carries", () => {
  assert.equal(formatTemporal(86399.9996, "datetime", "YYYY-MM-DD HH:mm:ss.SSS"), "1970-01-02 00:00:00.000");
  assert.equal(formatTemporal(86399.4, "datetime", "YYYY-MM-DD HH:mm:ss"), "1970-01-01 23:59:59");
});

test("temporalFormatProblem rejects inconsistent formats", () => {
  assert.equal(temporalFormatProblem("date", "YYYY-MM-DD"), null);
  assert.equal(temporalFormatProblem("date", "YYYYMM"), null);
  assert.match(temporalFormatProblem("date", "YYYY-MM-DD HH:mm")!, /time/);
  assert.match(temporalFormatProblem("date", "DD/MM")!, /year/);
  assert.match(temporalFormatProblem("datetime", "YYYY-MM-DD")!, /needs/);
  assert.match(temporalFormatProblem("date", "YYYY-MM-MM")!, /twice/);
  assert.match(temporalFormatProblem("datetime", "YYYY-MM-DD HH:mmZ+01:00")!, /zone/);
});

test("detectTemporalFormat: ISO dates and datetimes", () => {
  assert.deepEqual(
    pick(detectTemporalFormat(["2110-01-02", "2202-12-31"])),
    { kind: "date", format: "YYYY-MM-DD" },
  );
  assert.deepEqual(pick(detectTemporalFormat(["2110-01-02 10:00:00", "2110-01-03 00:00:01"])), {
    kind: "datetime",
    format: "YYYY-MM-DD HH:mm:ss",
  });
  assert.deepEqual(pick(detectTemporalFormat(["1904-05-22T17:47:16Z", "1972-01-06T05:27:47Z"])), {
    kind: "datetime",
    format: "YYYY-MM-DDTHH:mm:ssZ",
  });
  assert.deepEqual(pick(detectTemporalFormat(["2020-01-01T10:00:00.120+01:00", "2020-01-02T11:00:00.500+01:00"])), {
    kind: "datetime",
    format: "YYYY-MM-DDTHH:mm:ss.SSS+01:00",
  });
  assert.deepEqual(pick(detectTemporalFormat(["2020-01-01T10:00:00+01:00", "2020-07-01T10:00:00+02:00"])), {
    kind: "datetime",
    format: "YYYY-MM-DDTHH:mm:ssXXX",
  });
  assert.equal(detectTemporalFormat(["2023-02-30", "2023-01-01"]), null);
  assert.equal(detectTemporalFormat(["2023-01-01", "2023-01-01 10:00:00"]), null);
  assert.equal(detectTemporalFormat(["2020-01-01T10:00:00Z", "2020-01-01T10:00:00"]), null);
});

test("detectTemporalFormat: day/month order needs evidence, else day-first for '/'", () => {
  const dayFirst = detectTemporalFormat(["01/02/2020", "25/12/2020"])!;
  assert.equal(dayFirst.format, "DD/MM/YYYY");
  assert.ok(dayFirst.confidence >= 0.9);
  const monthFirst = detectTemporalFormat(["01/02/2020", "12/25/2020"])!;
  assert.equal(monthFirst.format, "MM/DD/YYYY");
  const ambiguous = detectTemporalFormat(["01/02/2020", "03/04/2020"])!;
  assert.equal(ambiguous.format, "DD/MM/YYYY");
  assert.match(ambiguous.reason, /ambiguous/);
  assert.ok(ambiguous.confidence < 0.9);
  assert.equal(detectTemporalFormat(["13/02/2020", "02/13/2020"]), null); // no single order fits both
  assert.equal(detectTemporalFormat(["1/2/2020", "25/12/2020"])!.format, "D/M/YYYY");
  assert.equal(detectTemporalFormat(["01.02.2020", "25.12.2020"])!.format, "DD.MM.YYYY");
  assert.equal(detectTemporalFormat(["01-02-2020", "25-12-2020"])!.format, "DD-MM-YYYY");
  assert.equal(detectTemporalFormat(["2020/02/01", "2020/12/25"])!.format, "YYYY/MM/DD");
  assert.deepEqual(pick(detectTemporalFormat(["01/02/2020 10:30", "25/12/2020 23:59"])), {
    kind: "datetime",
    format: "DD/MM/YYYY HH:mm",
  });
  assert.deepEqual(pick(detectTemporalFormat(["01/02/2020 10:30:00", "25/12/2020 23:59:59"])), {
    kind: "datetime",
    format: "DD/MM/YYYY HH:mm:ss",
  });
});

test("detectTemporalFormat: YYYYMMDD only with a date-like name or many plausible dates", () => {
  const few = ["20200101", "19991231"];
  assert.equal(detectTemporalFormat(few), null);
  assert.equal(detectTemporalFormat(few, { columnName: "admission_date" })!.format, "YYYYMMDD");
  const many = Array.from({ length: 12 }, (_, i) => `2020${String(i + 1).padStart(2, "0")}15`);
  assert.equal(detectTemporalFormat(many)!.format, "YYYYMMDD");
  // Arbitrary 8-digit integers: some are not dates at all, or fall outside 1900-2100.
  const ids = ["55629189", "82442376", "42519267", "82637451", "84259809", "11400101", "30580901", "20000101", "20000102", "20000103"];
  assert.equal(detectTemporalFormat(ids), null);
  const oldIds = Array.from({ length: 12 }, (_, i) => `1${String(i + 100).padStart(3, "0")}0101`); // years 1100..1111
  assert.equal(detectTemporalFormat(oldIds), null);
});

test("detectTemporalFormat: not dates", () => {
  assert.equal(detectTemporalFormat([]), null);
  assert.equal(detectTemporalFormat(["63.0", "67.0"]), null);
  assert.equal(detectTemporalFormat(["abc", "2020-01-01"]), null);
  assert.equal(detectTemporalFormat(["2030", "2149"]), null);
  assert.equal(detectTemporalFormat(["250.83", "V57"]), null);
});

function pick(d: { kind: string; format: string } | null): { kind: string; format: string } | null {
  return d === null ? null : { kind: d.kind, format: d.format };
}
