/**
 * ICD-9 codes grouped into the 9 groups of Strack et al. (2014), the recipe behind the peers'
 * diabetes tables (privacy-peers/README.md): the full diabetes table is prepared the same way, so
 * that its figures line up with the 10,000-row table the peers measured.
 */
export function groupIcd9(code: string): string {
  if (code.startsWith("V") || code.startsWith("E")) return "Other";
  const x = Number(code);
  if (!Number.isFinite(x)) return "Other";
  if (Math.floor(x) === 250) return "Diabetes";
  if ((x >= 390 && x < 460) || Math.floor(x) === 785) return "Circulatory";
  if ((x >= 460 && x < 520) || Math.floor(x) === 786) return "Respiratory";
  if ((x >= 520 && x < 580) || Math.floor(x) === 787) return "Digestive";
  if (x >= 800 && x < 1000) return "Injury";
  if (x >= 710 && x < 740) return "Musculoskeletal";
  if ((x >= 580 && x < 630) || Math.floor(x) === 788) return "Genitourinary";
  if (x >= 140 && x < 240) return "Neoplasms";
  return "Other";
}
