// The README's command line, as a user types it: every command in the command tables answers
// --help, the exit-code table matches ExitCode, names that do not exist are refused by name
// (issue 22 defects 1 and 6), and every `next:` hint the failure cases print names a command
// that exists. All through bin/voipdb.js on SQLite files.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import { BIN, ROOT, ensureBuilt, runCli, runProgram, type CliResult } from '../helpers/cli.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The section of the README under a `## title` heading, up to the next `## `. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no "## ${title}" section`);
  const end = README.indexOf('\n## ', start + 4);
  return README.slice(start, end < 0 ? undefined : end);
}

/** The commands named in the first column of the README's "Commands" table. */
function tableCommands(): string[] {
  const names = new Set<string>();
  for (const line of section('Commands').split('\n')) {
    const m = /^\| ((?:[^|\\]|\\.)+?) \|/.exec(line);
    if (!m || m[1] === 'command' || m[1]!.startsWith('---')) continue;
    for (const span of m[1]!.matchAll(/`([^`]+)`/g)) {
      const words = span[1]!.split(/\s+/);
      // `fleet check\|status\|upgrade\|sql` names subcommands.
      if (words[1]?.includes('|')) for (const sub of words[1].split(/\\?\|/)) names.add(`${words[0]} ${sub}`);
      else names.add(words[0]!);
    }
  }
  return [...names];
}

/** The codes in the README's exit-code table. */
function readmeExitCodes(): number[] {
  return [...section('Exit codes').matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
}

/** Every `next:` hint the suite's runs print, with the env it was printed in. */
const hints: { hint: string; from: string }[] = [];
const codes: number[] = [];

let dir: string;
let db: string;

async function voipdb(...args: string[]): Promise<CliResult> {
  const r = await runCli(args, { cwd: dir });
  codes.push(r.code ?? -1);
  for (const m of (r.stderr + r.stdout).matchAll(/next: ([^\n]+)/g)) hints.push({ hint: m[1]!, from: args.join(' ') });
  return r;
}

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'voipdb-conform-'));
  db = `sqlite:${join(dir, 'a.db')}`;
  const r = await voipdb('init', '--url', db, '--pack', 'asterisk');
  expect(r.code, r.stderr).toBe(0);
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the README command tables', () => {
  const names = tableCommands();
  it('are found', () => {
    expect(names).toEqual(
      expect.arrayContaining(['init', 'check', 'upgrade', 'downgrade', 'sql', 'diff', 'fleet check']),
    );
  });
  it.each(names)('voipdb %s --help exits 0', async (name) => {
    const r = await voipdb(...name.split(' '), '--help');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage:');
  });
});

describe('the README exit-code table', () => {
  it('lists exactly the codes voipdb uses', () => {
    expect(readmeExitCodes().sort((a, b) => a - b)).toEqual(
      [...new Set(Object.values(ExitCode))].sort((a, b) => a - b),
    );
  });
});

describe('issue 22 defect 1: voipdb packs', () => {
  it('exits 0 and lists every pack, ovirt with what it needs', async () => {
    const r = await voipdb('packs');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ovirt\s+\(needs -O dir=<dbscripts>\)/m);
    expect(r.stdout).toMatch(/^asterisk\s+asterisk\/config/m);
  });
  it('--json exits 0 and gives ovirt no sets and the reason', async () => {
    const r = await voipdb('packs', '--json');
    expect(r.code, r.stderr).toBe(0);
    const ovirt = JSON.parse(r.stdout).packs.find((p: { name: string }) => p.name === 'ovirt');
    expect(ovirt.sets).toEqual([]);
    expect(ovirt.needs).toContain('dbscripts directory');
  });
});

describe('issue 22 defect 6: a set, version or pack that does not exist is exit 2 naming it', () => {
  it.each([
    [['upgrade', 'nosuchset@1'], 'unknown set "nosuchset"'],
    [['downgrade', 'asterisk/cdrs@base'], 'unknown set "asterisk/cdrs"'],
    [['stamp', 'asterisk/cdrs@base'], 'unknown set "asterisk/cdrs"'],
    [['check', '-s', 'asterisk/nosuch'], 'unknown set "asterisk/nosuch"'],
    [['upgrade', 'asterisk/cdr@nosuch'], 'set asterisk/cdr has no version "nosuch"'],
  ])('%j', async (args, message) => {
    const r = await voipdb(...args, '--url', db, '--pack', 'asterisk');
    expect(r.code, r.stderr).toBe(ExitCode.usage);
    expect(r.stderr).toContain(message);
    // Sets are listed when a set name is wrong; the history command when the version is.
    expect(r.stderr).toContain('asterisk/cdr');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
  it('an unknown pack names it and the packs there are', async () => {
    const r = await voipdb('check', '--url', db, '--pack', 'nosuchpack');
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain('unknown pack "nosuchpack"');
    expect(r.stderr).toContain('asterisk, freeswitch');
  });
  it('the database was not touched: check still all OK', async () => {
    const r = await voipdb('check', '--url', db, '--pack', 'asterisk');
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});

describe('issue 22 defect 16: small surface defects', () => {
  it('sql | head ends quietly, exit 0, no EPIPE stack trace', async () => {
    const r = await runProgram(
      'bash',
      ['-c', `set -o pipefail; node ${BIN} sql --pack asterisk --dialect postgresql | head -1`],
      { cwd: dir },
    );
    expect(r.stderr).not.toMatch(/EPIPE|at /);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('-- voipdb offline upgrade script for postgres');
  });
  it('sql --json gives the script in JSON', async () => {
    const r = await voipdb('sql', '--pack', 'asterisk', '-s', 'cdr', '--dialect', 'mysql', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.sets).toEqual(['asterisk/cdr']);
    expect(j.sql).toContain('CREATE TABLE');
  });
  it('a second init says up to date — nothing to do, without the table list', async () => {
    const r = await voipdb('init', '--url', db, '--pack', 'asterisk');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('up to date — nothing to do');
    expect(r.stdout).not.toMatch(/total tables|step\(s\) applied/);
  });
});

describe('issue 22 defect 10: operator mistakes are exit 2 naming the mistake, not internal errors', () => {
  it('restore of a missing file: 2, and no database file made', async () => {
    const target = join(dir, 'restored.db');
    const r = await voipdb('restore', '-f', join(dir, 'nosuch.sql'), '--url', `sqlite:${target}`);
    expect(r.code, r.stderr).toBe(ExitCode.usage);
    expect(r.stderr).toContain('nosuch.sql does not exist');
    expect(existsSync(target)).toBe(false);
  });
  it('prune --before yesterday-ish: 2', async () => {
    const r = await voipdb('prune', '--before', 'yesterday-ish', '--url', db, '--pack', 'asterisk');
    expect(r.code, r.stderr).toBe(ExitCode.usage);
    expect(r.stderr).toContain('"yesterday-ish" is neither a date');
  });
  it.each([
    ['{"url": 5}', '"url" must be a string'],
    ['{"packs": ["asterisk"]}', '"packs[0]" must be an object with "name"'],
  ])('voipdb.json %s: 2 naming the key', async (json, message) => {
    const cfgDir = mkdtempSync(join(dir, 'cfg-'));
    writeFileSync(join(cfgDir, 'voipdb.json'), json);
    const r = await runCli(['check', '--url', db], { cwd: cfgDir });
    codes.push(r.code ?? -1);
    expect(r.code, r.stderr).toBe(ExitCode.usage);
    expect(r.stderr).toContain(message);
  });
});

describe('next: hints the failure cases printed', () => {
  it('each names a voipdb command that exists', async () => {
    const named = hints.map((h) => /voipdb ((?:fleet )?[a-z-]+)/.exec(h.hint)?.[1]).filter((c): c is string => !!c);
    expect(named.length).toBeGreaterThan(0);
    for (const c of new Set(named)) {
      const r = await runCli([...c.split(' '), '--help'], { cwd: dir });
      expect(r.code, `hint names "voipdb ${c}": ${r.stderr}`).toBe(0);
    }
  });
  it("the unknown-pack hint resolves: voipdb packs lists nosuchpack's alternatives", async () => {
    const r = await voipdb('packs', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).packs.map((p: { name: string }) => p.name)).toContain('asterisk');
  });
  it('the history hint for an unknown version resolves: it lists the versions', async () => {
    const r = await voipdb('history', '--set', 'asterisk/cdr', '--url', db, '--pack', 'asterisk');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('54cde9847798');
  });
  it('no run of this suite gave 10 (internal error)', () => {
    expect(codes).not.toContain(ExitCode.internal);
  });
});
