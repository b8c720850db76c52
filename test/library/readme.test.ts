// The README's "Library" section as a user's project: each ```ts block is the file its first
// line names, importing `voipdb` as an installed package would (the package resolves itself,
// through package.json "exports", to dist/). All of them are typechecked against the published
// types; the migrations and the SQLite program run, and what they print and leave is checked.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, ExitCode, parseTarget } from '../../src/index.js';
import { ensureBuilt, ROOT } from '../helpers/cli.js';

interface Block {
  file: string;
  code: string;
  run: boolean;
}

/** The ```ts blocks of the README's Library section, each with the file its first line names. */
function libraryBlocks(): Block[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Library\n');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => {
    const code = m[1]!;
    const first = code.split('\n')[0]!;
    const file = /^\/\/ (\S+\.ts)/.exec(first)?.[1];
    if (!file) throw new Error(`a README library block must start with "// <file>.ts": ${first}`);
    return { file, code, run: !first.includes('not run') };
  });
}

// Inside the repository (git ignores /tmp/ there), so that `voipdb` resolves to this package.
const project = mkdtempSync(join(ROOT, 'tmp-readme-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));
const blocks = libraryBlocks();

beforeAll(() => {
  ensureBuilt();
  for (const b of blocks) {
    mkdirSync(dirname(join(project, b.file)), { recursive: true });
    writeFileSync(join(project, b.file), b.code);
  }
});

describe("the README's library section", () => {
  it('has the migration modules, the program, and the server commands', () => {
    expect(blocks.map((b) => b.file)).toEqual([
      'migrations/0001_calls.ts',
      'migrations/0002_first_calls.ts',
      'pbx.ts',
      'server.ts',
      'engine.ts',
    ]);
  });

  it('typechecks against the package as published (dist/*.d.ts)', () => {
    const program = ts.createProgram(
      blocks.map((b) => join(project, b.file)),
      {
        strict: true,
        noEmit: true,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022,
        skipLibCheck: true,
        types: ['node'],
      },
    );
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file?.fileName.slice(project.length + 1) ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      );
    expect(problems).toEqual([]);
  });

  it('runs the program on SQLite: every command, with what it says and leaves', async () => {
    const main = blocks.find((b) => b.file === 'pbx.ts')!;
    expect(main.run).toBe(true);
    const js = ts.transpileModule(main.code, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    writeFileSync(join(project, 'pbx.mjs'), js);
    const r = spawnSync(process.execPath, ['pbx.mjs'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr + r.stdout).not.toMatch(/Error|at file:/);
    expect(r.status).toBe(0);
    const said = Object.fromEntries(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
    );
    expect(said).toMatchObject({
      check: 'OK',
      status: 'migrations at 0002',
      upgrade: '1 step(s)',
      diff: '0 difference(s)',
      replicate: '2 calls',
      prune: '1 row(s)',
      estimate: '0 pending step(s)',
      report: 'true',
      adopt: 'kamailio/standard',
      grants: 'a script to review',
      online: `refused (exit ${ExitCode.refused})`,
    });
    expect(said.init).toMatch(/^2 step\(s\), tables .*\bcalls\b/);
    expect(said.merge.replace('in both: ', '').split(', ')).toContain('calls');
    expect(said.history).toBe('0001_calls.ts, 0002_first_calls.ts');
    expect(said.sql).toMatch(/^\d+ statements for postgres$/);
    expect(said.fleet).toMatch(/^\d+ target\(s\), exit 0$/);
    expect(said.new).toBe(join('migrations', '0003_add_dst.ts'));
    expect(readFileSync(join(project, said.new!), 'utf8')).toMatch(/^import type \{ Ops \} from 'voipdb';/);
    // What it left: the calls table as the modules made it, the pruned row gone, a restored copy.
    const conn = await connect(parseTarget(`sqlite:${join(project, 'pbx.db')}`));
    try {
      expect(await conn.query('SELECT src FROM calls ORDER BY id')).toEqual([{ src: '200' }]);
      const indexes = await conn.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index'");
      expect(indexes.map((i) => i.name)).toContain('calls_src');
    } finally {
      await conn.close();
    }
    expect(existsSync(join(project, 'restored.db'))).toBe(true);
  });
});
