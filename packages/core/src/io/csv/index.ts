// Public surface of the CSV module.
export { CsvReader, readCsv } from "./reader.ts";
export type { CsvReadOptions } from "./options.ts";
export type { CsvDialect, RawColumn, RawTable } from "../raw.ts";
export { rawCell, rawRowLine } from "../raw.ts";
export { rawToCsv, type RawCsvWriteOptions } from "./write-raw.ts";
export { quoteField } from "./quote.ts";
export { csvChunks, writeCsv, type CsvWriteOptions } from "./write.ts";
