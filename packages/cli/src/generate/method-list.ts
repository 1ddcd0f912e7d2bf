/** `sosie methods`: every registered generator with its parameters and their defaults. */
import type { GeneratorDefinition, ParamSpec } from "@sosie/core";

export function renderMethodList(generators: readonly GeneratorDefinition[]): string {
  return generators.map(renderMethod).join("\n");
}

function renderMethod(g: GeneratorDefinition): string {
  const lines = [`${g.id} (version ${g.version}, missing values: ${g.missing})`, `  ${g.summary}`];
  if (g.params.length === 0) lines.push("  no parameters");
  const width = Math.max(0, ...g.params.map((p) => p.name.length));
  for (const p of g.params)
    lines.push(
      `  ${p.name.padEnd(width)}  ${typeText(p)}, default ${defaultText(p.default)}`,
      `  ${" ".repeat(width)}  ${p.description}`,
    );
  return lines.join("\n") + "\n";
}

function typeText(p: ParamSpec): string {
  if (p.type === "enum" && p.values !== undefined) return `one of ${p.values.join(" | ")}`;
  const bounds =
    p.min !== undefined && p.max !== undefined
      ? ` in [${p.min}, ${p.max}]`
      : p.min !== undefined
        ? ` ≥ ${p.min}`
        : p.max !== undefined
          ? ` ≤ ${p.max}`
          : "";
  return `${p.type}${bounds}`;
}

function defaultText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
