// `voipdb convert ser --from ... --to ...` through the command line front (in-process, on the
// program the CLI builds): JSON summary, the default stop policy and its resume, refusals with
// their exit codes, -t with the old tool's table names, a PGlite destination.

import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from '../../src/cli/commands/convert.js';
import { buildProgram } from '../../src/cli/main.js';
import { createApp } from '../../src/cli/app.js';
import { ExitCode, isVoipdbError, VoipdbError } from '../../src/core/errors.js';
import { upgrade } from '../../src/engine/index.js';
import { ser20Set } from '../../src/packs/ser/ser20.js';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import { createSer09, EXAMPLE, fill } from './support/ser09.js';

const mariadb = await available('mariadb');

function program(): Command {
  const p = buildProgram();
  if (!p.commands.some((c) => c.name() === 'convert')) register(p, createApp());
  return p;
}

/** Run `voipdb <args>` in-process: stdout, and the error it ended with (if any). */
async function voipdb(args: string[]): Promise<{ stdout: string; error?: VoipdbError }> {
  let stdout = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    await program().parseAsync(['node', 'voipdb', ...args]);
    return { stdout };
  } catch (e) {
    if (!isVoipdbError(e)) throw e;
    return { stdout, error: e };
  } finally {
    process.stdout.write = write;
  }
}

describe.skipIf(!mariadb)('voipdb convert (command line)', () => {
  const dbs: TestDb[] = [];
  let src: TestDb;
  const fresh = async (b: 'mariadb' | 'pglite') => {
    const db = await freshDb(b, 'vcc');
    dbs.push(db);
    return db;
  };

  beforeAll(async () => {
    src = await fresh('mariadb');
    const s = await src.connect();
    await createSer09(s);
    await fill(s, EXAMPLE);
    await s.close();
  });

  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('stops at the first row it cannot convert (the default), naming table and key; --on-error skip resumes', async () => {
    const dst = await fresh('mariadb');
    const first = await voipdb(['convert', 'ser', '-i', src.url, '-o', dst.url]);
    expect(first.error?.exitCode).toBe(ExitCode.integrity);
    expect(first.error?.message).toBe(
      'aliases row username=broken, domain=iptel.org, contact=not a uri cannot be converted: alias target "not a uri" is not a SIP URI with a user part',
    );
    expect(first.error?.hint).toMatch(/--on-error skip/);

    const second = await voipdb(['convert', 'ser', '--from', src.url, '--to', dst.url, '--on-error', 'skip', '--json']);
    expect(second.error).toBeUndefined();
    const summary = JSON.parse(second.stdout);
    expect(summary.resumed).toBe(true);
    expect(summary.rejectedTotal).toBe(6);
    const states = Object.fromEntries(summary.steps.map((s: { step: string; state: string }) => [s.step, s.state]));
    expect(states.subscriber).toBe('already-done');
    expect(states.aliases).toBe('done');
    expect(states.acc).toBe('done');
  });

  it('converts into PGlite and prints a readable summary', async () => {
    const dst = await fresh('pglite');
    const r = await voipdb(['convert', 'ser', '-i', src.url, '-o', dst.url, '--on-error', 'skip']);
    expect(r.error).toBeUndefined();
    expect(r.stdout).toMatch(/^subscriber\s+converted\s+6\s+6 credentials, \d+ user_attrs, 6 uri/m);
    expect(r.stdout).toMatch(/6 row\(s\) could not be converted and were skipped:/);
    expect(r.stdout).toMatch(/aliases: username=ghost, domain=iptel.org, contact=sip:nobody@iptel.org: dangling alias/);
    const c = await dst.connect();
    const [n] = await c.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM uri');
    await c.close();
    expect(Number(n!.n)).toBe(11);
  });

  it("accepts the old tool's table names in -t (it skipped 'subscribers' and 'user_preferences' silently)", async () => {
    const dst = await fresh('mariadb');
    const r = await voipdb([
      'convert',
      'ser',
      '-i',
      src.url,
      '-o',
      dst.url,
      '-t',
      'domain,subscribers',
      '-t',
      'user_preferences',
      '--json',
    ]);
    expect(r.error).toBeUndefined();
    const summary = JSON.parse(r.stdout);
    const states = Object.fromEntries(summary.steps.map((s: { step: string; state: string }) => [s.step, s.state]));
    expect(states).toMatchObject({
      domain: 'done',
      subscriber: 'done',
      usr_preferences: 'done',
      pending: 'not-selected',
      acc: 'not-selected',
    });
    const c = await dst.connect();
    const attrs = await c.query<{ name: string }>("SELECT name FROM user_attrs WHERE name = 'fwd_always_target'");
    await c.close();
    expect(attrs).toHaveLength(1);
  });

  it('refuses a destination that already holds data, the source as destination, and bad options', async () => {
    const dst = await fresh('mariadb');
    const c = await dst.connect();
    await upgrade(c, [ser20Set]);
    await c.exec(
      "INSERT INTO credentials (auth_username, realm, ha1, uid) VALUES ('someone', 'example.com', 'x', 'u1')",
    );
    await c.close();
    const busy = await voipdb(['convert', 'ser', '-i', src.url, '-o', dst.url]);
    expect(busy.error?.exitCode).toBe(ExitCode.refused);
    expect(busy.error?.message).toBe('the destination is not empty: table credentials already has rows');

    const self = await voipdb(['convert', 'ser', '-i', src.url, '-o', src.url]);
    expect(self.error?.exitCode).toBe(ExitCode.refused);
    expect(self.error?.message).toMatch(/the destination is the source database/);

    const policy = await voipdb(['convert', 'ser', '-i', src.url, '-o', dst.url, '--on-error', 'ignore']);
    expect(policy.error?.exitCode).toBe(ExitCode.usage);
    const table = await voipdb(['convert', 'ser', '-i', src.url, '-o', dst.url, '-t', 'subscriberz']);
    expect(table.error?.exitCode).toBe(ExitCode.usage);
    expect(table.error?.hint).toMatch(/domain, subscriber, pending, aliases/);
    const which = await voipdb(['convert', 'kamailio', '-i', src.url, '-o', dst.url]);
    expect(which.error?.exitCode).toBe(ExitCode.usage);
  });
});
