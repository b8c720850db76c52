import { it } from 'vitest';
import { upgrade, downgrade, renderSql } from '../../src/engine/index.js';
import { freshDb } from '../helpers/backends.js';
import { asteriskSet } from './helpers.js';
it('perf', async () => {
  for (const b of ['postgres', 'mariadb'] as const) {
    const db = await freshDb(b, 'ast');
    const conn = await db.connect();
    const set = asteriskSet('config');
    let t0 = performance.now();
    renderSql([set], b === 'postgres' ? 'postgres' : 'mysql');
    console.log(b, 'render', performance.now() - t0);
    t0 = performance.now();
    const q = conn.query.bind(conn); let n = 0; let tq = 0;
    (conn as any).query = async (...a: any[]) => { n++; const s = performance.now(); try { return await (q as any)(...a); } finally { tq += performance.now() - s; } };
    const e = conn.exec.bind(conn); let ne = 0; let te = 0;
    (conn as any).exec = async (...a: any[]) => { ne++; const s = performance.now(); try { return await (e as any)(...a); } finally { te += performance.now() - s; } };
    const x = conn.execute.bind(conn); let nx = 0; let tx = 0;
    (conn as any).execute = async (...a: any[]) => { nx++; const s = performance.now(); try { return await (x as any)(...a); } finally { tx += performance.now() - s; } };
    await upgrade(conn, [set]);
    console.log(b, 'upgrade', performance.now() - t0, { n, tq, ne, te, nx, tx });
    t0 = performance.now();
    await downgrade(conn, [set], 'base');
    console.log(b, 'downgrade', performance.now() - t0);
    await conn.close(); await db.drop();
  }
});
