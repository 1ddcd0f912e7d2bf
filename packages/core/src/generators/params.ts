import { SosieOptionError } from "../errors.ts";
import type { ParamSpec, Params } from "./types.ts";

/**
 * Resolve user parameters against a generator's specs: every unknown name is an error, every
 * value is type-checked, every absent one takes its default. Strings (from `--param k=v`) are
 * parsed to the declared type.
 */
export function resolveParams(generatorId: string, specs: readonly ParamSpec[], given: Params = {}): Params {
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const name of Object.keys(given)) {
    if (!byName.has(name)) {
      const known = specs.map((s) => s.name).join(", ") || "none";
      throw new SosieOptionError(`unknown parameter "${name}" for method ${generatorId} (known: ${known})`);
    }
  }
  const out: Params = {};
  for (const spec of specs) {
    out[spec.name] = spec.name in given ? coerce(generatorId, spec, given[spec.name]) : spec.default;
  }
  return out;
}

function coerce(id: string, spec: ParamSpec, raw: unknown): unknown {
  const fail = (why: string): never => {
    throw new SosieOptionError(`parameter "${spec.name}" of method ${id}: ${why}`);
  };
  switch (spec.type) {
    case "number":
    case "integer": {
      if (raw === null && spec.default === null) return null;
      const x = typeof raw === "string" ? (raw.trim() === "" || raw === "null" ? NaN : Number(raw)) : raw;
      if (raw === "null" && spec.default === null) return null;
      if (typeof x !== "number" || !Number.isFinite(x)) return fail(`expected a number`);
      if (spec.type === "integer" && !Number.isInteger(x)) return fail(`expected an integer`);
      if (spec.min !== undefined && x < spec.min) return fail(`must be at least ${spec.min}`);
      if (spec.max !== undefined && x > spec.max) return fail(`must be at most ${spec.max}`);
      return x;
    }
    case "boolean": {
      if (typeof raw === "boolean") return raw;
      if (raw === "true" || raw === "1" || raw === "yes") return true;
      if (raw === "false" || raw === "0" || raw === "no") return false;
      return fail(`expected true or false`);
    }
    case "string":
      // A number given where a string is declared (k = 2 for a "2" | "auto" parameter) is its text.
      if (typeof raw === "number" && Number.isFinite(raw)) return String(raw);
      if (typeof raw !== "string") return fail(`expected a string`);
      return raw;
    case "enum": {
      if (typeof raw !== "string" || !spec.values!.includes(raw))
        return fail(`expected one of ${spec.values!.join(", ")}`);
      return raw;
    }
    case "string[]": {
      if (typeof raw === "string")
        return raw
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s.length > 0);
      if (Array.isArray(raw) && raw.every((s) => typeof s === "string")) return raw;
      return fail(`expected a comma-separated list`);
    }
    case "json": {
      if (typeof raw !== "string") return raw;
      try {
        return JSON.parse(raw);
      } catch {
        return fail(`expected JSON`);
      }
    }
  }
}
