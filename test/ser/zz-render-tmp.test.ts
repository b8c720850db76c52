import { test } from 'vitest';
import { renderSet } from '../../src/engine/render.js';
import { ser09Set } from '../../src/packs/ser/ser09.js';
import { ser20Set } from '../../src/packs/ser/ser20.js';
test('render', () => {
  for (const [set, d] of [[ser09Set, 'mysql'], [ser20Set, 'mysql'], [ser20Set, 'postgres']] as const) {
    const r = renderSet(set, set.migrations, d, {});
    console.log(`==== ${set.name} ${d}\n` + r[0]!.up.statements.map((s) => s.sql).slice(0, 12).join(';\n'));
  }
});
