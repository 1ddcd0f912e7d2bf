/** The provenance block a test gives runPipeline: fixed, so reports compare byte for byte. */
import type { Provenance } from "../src/pipeline/types.ts";

export function testProvenance(input: { name: string; rows: number; columns: number }, seed = "1"): Provenance {
  return {
    seed,
    tool: "test",
    coreVersion: "0",
    input: { ...input, sha256: null },
    holdout: "",
    target: null,
    metadata: null,
    command: null,
  };
}
