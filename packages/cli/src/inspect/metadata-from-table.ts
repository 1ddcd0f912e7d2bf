import { type Column, type ColumnMetadata, type Metadata, METADATA_VERSION, type Table } from "@sosie/core";

/**
 * Metadata describing an already typed table (a Parquet file): every kind is known, so nothing
 * is inferred; levels, boolean tokens, date formats and decimals come from the columns.
 */
export function metadataFromTable(table: Table): Metadata {
  return { sosie: METADATA_VERSION, columns: table.columns.map(columnMetadata) };
}

function columnMetadata(column: Column): ColumnMetadata {
  const nullable = column.missing.some((m) => m === 1);
  const base: ColumnMetadata = { name: column.name, kind: column.kind, nullable };
  switch (column.kind) {
    case "categorical":
      return { ...base, levels: [...column.levels], ordered: column.ordered };
    case "boolean":
      return { ...base, tokens: [column.tokens[0], column.tokens[1]] };
    case "date":
    case "datetime":
      return { ...base, format: column.format };
    case "continuous":
    case "integer":
      return column.decimals === undefined ? base : { ...base, decimals: column.decimals };
    case "identifier":
    case "text":
      return base;
  }
}
