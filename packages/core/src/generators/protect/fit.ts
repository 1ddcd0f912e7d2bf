/** The protections of a fit, from the context's preset (the one call every generator's fit makes). */
import type { Table } from "../../table/table.ts";
import type { ColumnSchema } from "../output-schema.ts";
import type { FitContext } from "../types.ts";
import { privacySettings } from "./preset.ts";
import { type Protection, type ProtectionScope, learnProtection } from "./protection.ts";
import { subjectColumn, subjectsOf } from "../../table/subjects.ts";

export function fitProtection(
  train: Table,
  schema: readonly ColumnSchema[],
  context: FitContext,
  scope: ProtectionScope = {},
): Protection {
  return learnProtection(
    train,
    schema,
    privacySettings(context.privacy),
    subjectsOf(train, subjectColumn(train, context.subject)),
    scope,
  );
}
