import { test } from 'vitest';
import { loadPack, packNames } from '../../src/packs/index.js';
import { renderSet } from '../../src/engine/render.js';
import { orderSet } from '../../src/engine/order.js';
import { freshDb } from '../helpers/backends.js';
import { introspect } from '../../src/schema/introspect/index.js';
import { diffModels } from '../../src/schema/diff.js';

test('probe packs', async () => {
  for (const b of ['mariadb'] as const) {
  for (const name of packNames()) {
    let pack; try { pack = await loadPack(name); } catch (e) { console.log('LOAD', name, (e as Error).message); continue; }
    const dialect = b === 'mariadb' ? 'mysql' : b;
    for (const set of await pack.sets()) {
      let rendered;
      try { rendered = renderSet(set, orderSet(set).ordered ?? set.migrations, dialect, {}); }
      catch (e) { console.log('RENDER', b, set.name, (e as Error).message); continue; }
      const db = await freshDb(b, 'vt_probe'); const conn = await db.connect();
      let failed = false;
      try {
        for (const r of rendered) {
          for (const s of r.up.statements) {
            try { await conn.exec(s.sql); } catch (e) { console.log('APPLY', b, set.name, r.migration.version, (e as Error).message, '\n   ', s.sql.slice(0, 300)); failed = true; break; }
          }
          if (failed) break;
        }
        const last = rendered.at(-1);
        if (!failed && last && last.modelled) {
          const d = diffModels(last.modelAfter, await introspect(conn), dialect);
          console.log('DIFF', b, set.name, d.length, JSON.stringify(d.slice(0, 12).map((x) => x.message), null, 1));
        } else if (!failed) console.log('OK(unmodelled)', b, set.name);
      } finally { await conn.close(); await db.drop(); }
    }
  }
  }
});
