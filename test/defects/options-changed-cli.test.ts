// Options a pack set was installed with are part of what its scripts render: given others later,
// the plan says that, not that a script "was changed after it was applied" (through bin/voipdb.js).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'voipdb-options-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('other -O than at install: exit 7 naming both option sets; without -O the recorded ones hold', async () => {
  const plain = `sqlite:${join(root, 'plain.db')}`;
  expect((await runCli(['init', '--pack', 'asterisk', '--url', plain])).code).toBe(0);
  const other = await runCli(['upgrade', '--pack', 'asterisk', '-O', 'exclude=iax', '--url', plain]);
  expect(other.code).toBe(7);
  expect(other.stderr).toContain('renders otherwise with the options given ({"exclude":["iax"]})');
  expect(other.stderr).toContain('installed with (none)');
  expect(other.stderr).not.toContain('was changed after it was applied');
  expect((await runCli(['upgrade', '--pack', 'asterisk', '--url', plain])).code).toBe(0);

  const excluded = `sqlite:${join(root, 'excluded.db')}`;
  expect((await runCli(['init', '--pack', 'asterisk', '-O', 'exclude=iax', '--url', excluded])).code).toBe(0);
  expect((await runCli(['upgrade', '--pack', 'asterisk', '-O', 'exclude=iax', '--url', excluded])).code).toBe(0);
  expect((await runCli(['check', '--pack', 'asterisk', '--url', excluded])).code).toBe(0);
  const changed = await runCli(['check', '--pack', 'asterisk', '-O', 'exclude=sip', '--url', excluded]);
  expect(changed.code).toBe(1);
  expect(changed.stdout + changed.stderr).toContain('installed with ({"exclude":["iax"]})');
});
