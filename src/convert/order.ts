// Which steps run, and in what order: dependencies first, otherwise the converter's own order;
// `-t` names a subset by step name or by one of its aliases (the old tool's spellings).

import { VoipdbError } from '../core/errors.js';
import type { Converter, ConversionStep } from './types.js';

export function orderSteps(converter: Converter): ConversionStep[] {
  const byName = new Map(converter.steps.map((s) => [s.name, s]));
  const out: ConversionStep[] = [];
  const seen = new Set<string>();
  const visit = (s: ConversionStep, path: string[]) => {
    if (seen.has(s.name)) return;
    if (path.includes(s.name))
      throw new VoipdbError(
        'internal',
        `converter ${converter.name}: steps depend on each other in a cycle (${[...path, s.name].join(' -> ')})`,
      );
    for (const d of s.dependsOn ?? []) {
      const dep = byName.get(d);
      if (!dep)
        throw new VoipdbError('internal', `converter ${converter.name}: step ${s.name} depends on unknown step ${d}`);
      visit(dep, [...path, s.name]);
    }
    seen.add(s.name);
    out.push(s);
  };
  for (const s of converter.steps) visit(s, []);
  return out;
}

/** The step names chosen by `-t` (comma-separated lists allowed); every step when none is given. */
export function selectSteps(converter: Converter, tables: string[] | undefined): Set<string> {
  const names = (tables ?? [])
    .flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter(Boolean);
  if (!names.length) return new Set(converter.steps.map((s) => s.name));
  const chosen = new Set<string>();
  for (const n of names) {
    const step = converter.steps.find((s) => s.name === n || s.aliases?.includes(n));
    if (!step) {
      throw new VoipdbError('usage', `"${n}" is not a table the ${converter.name} converter knows`, {
        hint: `choose among: ${converter.steps.map((s) => s.name).join(', ')}`,
      });
    }
    chosen.add(step.name);
  }
  return chosen;
}
