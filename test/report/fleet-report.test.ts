// `voipdb report --fleet`: a fleet check of three SQLite tenants (one behind) as one page that
// opens in headless Chromium with no console error and no request leaving the file.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, downgrade, parseTarget, upgrade } from '../../src/index.js';
import { chromiumAvailable, launchChromium, openFile, type Browser } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
import { ARTIFACTS, asteriskSets } from './fixture.js';

describe.skipIf(!chromiumAvailable())('voipdb report --fleet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'voipdb-fleet-report-'));
  let browser: Browser;
  beforeAll(async () => {
    const sets = await asteriskSets();
    for (const name of ['tenant_a', 'tenant_b', 'tenant_c']) {
      const conn = await connect(parseTarget(`sqlite:${join(dir, name + '.db')}`));
      await upgrade(conn, sets);
      if (name === 'tenant_c') await downgrade(conn, sets, 'asterisk/voicemail@39428242f7f5');
      await conn.close();
    }
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('summarises the fleet: outcomes, where each set stands, the tenant that differs', async () => {
    const file = join(dir, 'fleet.html');
    const r = await runCli(['report', '--fleet', '--sqlite', join(dir, '*.db'), '--pack', 'asterisk', '-o', file], {
      cwd: dir,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*fleet\.html: 3 target\(s\), 2 up-to-date, 1 not-up-to-date/);
    const { page, consoleErrors, outside } = await openFile(browser, file);
    expect(await page.locator('#targets tbody tr').count()).toBe(3);
    expect(await page.locator('tr[data-target$="tenant_c.db"] .badge').textContent()).toBe('not-up-to-date');
    expect(await page.locator('#positions').textContent()).toContain('39428242f7f5');
    await page.screenshot({ path: join(ARTIFACTS, 'report-fleet.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('refuses fleet options without --fleet', async () => {
    const r = await runCli(['--url', `sqlite:${join(dir, 'tenant_a.db')}`, 'report', '--sqlite', join(dir, '*.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--sqlite describes a fleet: it needs --fleet/);
  });
});
