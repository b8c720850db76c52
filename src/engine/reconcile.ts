// The platform's version records kept in step with voipdb's history at the start of every run.
// A record behind the history (a run stopped between the two where they could not commit
// together) is moved forward, with alembic's own row changes, and said so; a record ahead is
// followed by the upgrade (index.ts), one naming a version the set does not know is left to check.

import { beginTransaction } from './lock.js';
import type { SetState } from './planner.js';
import type { RunContext } from './runner.js';

export async function reconcileVersionRecords(ctx: RunContext, states: SetState[]): Promise<void> {
  const { conn, dialect } = ctx;
  for (const st of states) {
    if (!st.current) continue;
    const cur = st.ordered.index.get(st.current);
    if (cur === undefined) continue;
    for (const vr of st.set.versionRecords ?? []) {
      if (!vr.read) continue;
      const recorded = await vr.read(conn, st.set);
      const at = recorded === undefined ? -1 : st.ordered.index.get(recorded);
      if (at === undefined || at >= cur) continue;
      const statements = st.ordered.versioned
        .slice(at + 1, cur + 1)
        .flatMap((m) => vr.write(dialect.name, m, 'up', st.set));
      if (dialect.lockPerTransaction) await beginTransaction(conn, dialect, ctx.lockTimeoutMs, ctx.events);
      else await conn.exec(dialect.begin);
      try {
        for (const s of statements) await conn.exec(s);
        await conn.exec(dialect.commit);
      } catch (e) {
        await conn.exec(dialect.rollback).catch(() => {});
        throw e;
      }
      ctx.events({
        type: 'log',
        level: 'info',
        message: `${st.set.name}: ${vr.name} was at ${recorded ?? 'base'}, behind voipdb's history at ${st.current} — moved forward to it`,
      });
    }
  }
}
