// A sync killed half-way (SIGKILL of the process running it) leaves the standby as it was.
// The sync runs in a child process built from the sources; the child stops after its first
// table (as a hung sync would) and the test kills it there.

import { spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import type { Connection } from '../../src/db/connection.js';
import { createXivoLike, seedConfig, seedStats, seedSystem, snapshotTables } from '../xivo/schema.js';

const root = join(import.meta.dirname, '..', '..');
let buildDir = '';

/** The sources as plain ES modules a child `node` can run. */
function buildSources(): string {
  const out = mkdtempSync(join(tmpdir(), 'voipdb-child-'));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) {
        const js = ts.transpileModule(readFileSync(p, 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        }).outputText;
        const dest = join(out, relative(root, p)).replace(/\.ts$/, '.js');
        mkdirSync(dirname(dest), { recursive: true });
        writeFileSync(dest, js);
      }
    }
  };
  walk(join(root, 'src'));
  writeFileSync(join(out, 'package.json'), '{"type":"module"}');
  symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'));
  return out;
}

const CHILD = `
import { connect } from './src/db/connect.js';
import { parseTarget } from './src/db/url.js';
import { replicate } from './src/ops/replicate.js';
const [masterUrl, standbyUrl] = process.argv.slice(2);
const master = await connect(parseTarget(masterUrl));
const standby = await connect(parseTarget(standbyUrl));
await replicate(master, standby, {
  excludeGroups: [],
  events: (e) => {
    if (e.type === 'progress' && e.done === 1) {
      process.stdout.write('MIDWAY\\n', () => {});
      // hang here, in the middle of the standby's transaction, until killed
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000);
    }
  },
});
process.stdout.write('FINISHED\\n');
`;

beforeAll(() => {
  buildDir = buildSources();
  writeFileSync(join(buildDir, 'child.mjs'), CHILD);
});
afterAll(() => {
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
});

function runUntilMidwayThenKill(
  masterUrl: string,
  standbyUrl: string,
): Promise<{ sawMidway: boolean; signal: string | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(buildDir, 'child.mjs'), masterUrl, standbyUrl], {
      cwd: buildDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let sawMidway = false;
    child.stdout.on('data', (d) => {
      out += d;
      if (!sawMidway && out.includes('MIDWAY')) {
        sawMidway = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ sawMidway, signal, out }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const backend of ['postgres', 'mariadb', 'sqlite'] as BackendName[]) {
  describe.skipIf(!(await available(backend)))(`replicate killed half-way on ${backend}`, () => {
    let mdb: TestDb, sdb: TestDb;
    let master: Connection, standby: Connection;

    beforeAll(async () => {
      mdb = await freshDb(backend, 'vt_killm');
      sdb = await freshDb(backend, 'vt_kills');
      master = await mdb.connect();
      standby = await sdb.connect();
      for (const c of [master, standby]) await createXivoLike(c);
      await seedConfig(master, 'master', 2000);
      await seedSystem(master, '10.0.0');
      await seedStats(master, 'master', 5000);
      await seedConfig(standby, 'standby', 20);
      await seedSystem(standby, '10.0.1');
      await seedStats(standby, 'standby', 40);
    });

    afterAll(async () => {
      await master?.close();
      await standby?.close();
      await mdb?.drop();
      await sdb?.drop();
    });

    it('leaves every standby table as it was', async () => {
      const before = await snapshotTables(standby);
      const run = await runUntilMidwayThenKill(mdb.url, sdb.url);
      expect(run.out).not.toContain('FINISHED');
      expect(run.sawMidway, run.out).toBe(true);
      expect(run.signal).toBe('SIGKILL');
      // the server notices the dropped connection and rolls back; reads wait for that where locks were taken
      let after = await snapshotTables(standby);
      for (let i = 0; i < 50 && JSON.stringify(after) !== JSON.stringify(before); i++) {
        await sleep(100);
        after = await snapshotTables(standby);
      }
      expect(after).toEqual(before);
      // and the standby still takes a full sync afterwards
      const { replicate } = await import('../../src/ops/replicate.js');
      await replicate(master, standby, { excludeGroups: [] });
      expect(await snapshotTables(standby)).toEqual(await snapshotTables(master));
    });
  });
}
