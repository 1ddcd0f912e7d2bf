/**
 * The avatar/SMOTE link file (`--keep-link`, read back by `evaluate --link`): which real training
 * row each synthetic row was made from. Two columns, `synthetic_row,real_row`, 0-based data-row
 * indices (0 is the first row under the header), one line per synthetic row in order. It ties
 * synthetic rows to real people: it is as sensitive as the real data.
 */
import { SosieInputError } from "@sosie/core";

const HEADER = "synthetic_row,real_row";

export function linkCsv(link: Int32Array): string {
  const lines = [HEADER];
  for (let i = 0; i < link.length; i++) lines.push(`${i},${link[i]}`);
  return lines.join("\n") + "\n";
}

/** Parses a link file for `nSynthetic` synthetic rows made from `nReal` real rows. */
export function parseLinkCsv(text: string, file: string, nSynthetic: number, nReal: number): Int32Array {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  if (lines[0]?.trim() !== HEADER)
    throw new SosieInputError("invalid-value", `a link file starts with the header ${HEADER}`, { file, line: 1 });
  if (lines.length - 1 !== nSynthetic)
    throw new SosieInputError(
      "invalid-value",
      `the link has ${lines.length - 1} rows but the synthetic table has ${nSynthetic}`,
      { file },
    );
  const link = new Int32Array(nSynthetic);
  for (let i = 0; i < nSynthetic; i++) {
    const match = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(lines[i + 1]);
    const where = { file, line: i + 2 };
    if (match === null) throw new SosieInputError("invalid-value", "expected two row numbers", where);
    if (Number(match[1]) !== i)
      throw new SosieInputError("invalid-value", `synthetic_row must be ${i} (rows in order)`, {
        ...where,
        column: "synthetic_row",
      });
    const real = Number(match[2]);
    if (real >= nReal)
      throw new SosieInputError("invalid-value", `real_row is beyond the ${nReal} rows of the real table`, {
        ...where,
        column: "real_row",
      });
    link[i] = real;
  }
  return link;
}
