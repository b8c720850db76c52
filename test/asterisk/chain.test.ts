// Same ids, same parents, same order: each set's revisions against the `-- Running upgrade A -> B`
// markers of alembic's own offline script (stored as data in test/fixtures/asterisk).

import { describe, expect, it } from 'vitest';
import { ASTERISK_SETS } from './alembic.js';
import { alembicSql } from './fixtures.js';
import { asteriskSet } from './helpers.js';

describe('asterisk revision chains', () => {
  for (const tree of ASTERISK_SETS) {
    for (const dialect of ['postgres', 'mysql'] as const) {
      it(`${tree} (${dialect} script): every revision, parent and order as alembic runs them`, () => {
        const sql = alembicSql(tree, dialect);
        expect(sql).not.toBeNull();
        const steps = [...sql!.matchAll(/^-- Running upgrade (\w*) -> (\w+)$/gm)].map((m) => [m[1] || null, m[2]]);
        const ours = asteriskSet(tree).migrations.map((m) => [m.parent ?? null, m.version]);
        expect(ours).toEqual(steps);
        expect(ours.length).toBe({ config: 131, voicemail: 4, cdr: 2, queue_log: 1 }[tree]);
      });
    }
  }
});
