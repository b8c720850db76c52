// The README's quick start, word for word: its voipdb commands run in order, in an empty
// directory, on the embedded default, each exiting 0; then `check` says every set is up to date.
// (`npm install &&` is left out: the tests run from an installed tree.)

import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, collect, ensureBuilt, spawnCli } from '../helpers/cli.js';

/** The `./bin/voipdb.js ...` lines of the README's quick start, as argument lists. */
function quickStartCommands(): string[][] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## Quick start$/m)[1]!.split(/^## /m)[0]!;
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((line) => line.replace(/^npm install && /, '').trim())
    .filter((line) => line.startsWith('./bin/voipdb.js '))
    .map((line) => line.split(/\s+/).slice(1));
}

describe('the README quick start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'voipdb-quick-start-'));
  beforeAll(() => {
    ensureBuilt();
    symlinkSync(join(ROOT, 'examples'), join(dir, 'examples'));
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every command in order, with no database server, and ends up to date', async () => {
    const commands = quickStartCommands();
    expect(commands.map((c) => c[0])).toEqual(['init', 'upgrade', 'status']);
    for (const args of commands) {
      const r = await collect(spawnCli(args, { cwd: dir }), 180_000);
      expect(r.code, `voipdb ${args.join(' ')}\n${r.stderr}`).toBe(0);
    }
    const again = await collect(spawnCli(['init', '--pack', 'asterisk'], { cwd: dir }), 180_000);
    expect(again.code, again.stderr).toBe(0);
    const check = await collect(spawnCli(['check'], { cwd: dir }), 180_000);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('all sets up to date');
  }, 300_000);
});
