// `report` and `erd` on every back-end, checked in a real headless Chromium: the page has no
// console error and asks for nothing outside the file, every table of the Asterisk pack is in
// the diagram, no two table boxes overlap, and a screenshot is kept in test/artifacts/.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erd, report, type Connection, type ScriptSet } from '../../src/index.js';
import { ALL_BACKENDS, available, freshDb, type TestDb } from '../helpers/backends.js';
import { chromiumAvailable, launchChromium, openFile, overlaps, tableBoxes, type Browser } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
import { ARTIFACTS, asteriskSets, asteriskTables, buildFixture } from './fixture.js';

const haveChromium = chromiumAvailable();

for (const backend of ALL_BACKENDS) {
  describe.skipIf(!(await available(backend)) || !haveChromium)(`report on ${backend}`, () => {
    let db: TestDb;
    let conn: Connection;
    let sets: ScriptSet[];
    let dir: string;
    let browser: Browser;
    beforeAll(async () => {
      db = await freshDb(backend, 'report');
      conn = await db.connect();
      ({ sets, dir } = await buildFixture(conn));
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await conn?.close();
      await db?.drop();
    });

    it('builds the model: sets, timeline with a failure and its resume, drift, pending plan and its warnings', async () => {
      const { model } = await report(conn, sets, { lockRows: 1 });
      const vm = model.sets.find((s) => s.set === 'asterisk/voicemail')!;
      expect(vm).toMatchObject({ state: 'NOK', current: '39428242f7f5', head: '64fae6bbe7fb', pending: 2 });
      expect(
        model.sets
          .find((s) => s.set === 'asterisk/config')!
          .problems.some((p) => p.kind === 'drift' && /drift_probe/.test(p.message)),
      ).toBe(true);

      const plan = model.plans.find((p) => p.set === 'asterisk/voicemail')!;
      expect(plan.steps.map((s) => s.version)).toEqual(['1c55c341360f', '64fae6bbe7fb']);
      expect(plan.dataLoss.map((r) => r.what)).toContain('drops column voicemail_messages.macrocontext');
      expect(plan.locks.some((l) => l.table === 'voicemail_messages' && l.rows === 1)).toBe(true);

      expect(model.drift.differences.some((d) => d.kind === 'extra-column' && d.object === 'ps_aors.drift_probe')).toBe(
        true,
      );
      const aors = model.diagram.model.tables.find((t) => t.name === 'ps_aors')!;
      expect(aors.drift).toBe('changed');
      expect(aors.columns.find((c) => c.name === 'drift_probe')!.drift).toBe('extra');

      const steps = model.history.flatMap((r) => r.steps);
      const v2 = steps.filter((s) => s.set === 'site' && s.version === '2');
      if (backend === 'mariadb') {
        // DDL is not transactional: the failed row itself was resumed at its second statement.
        expect(v2).toHaveLength(1);
        expect(v2[0]).toMatchObject({ state: 'applied', resumed: true });
      } else {
        expect(v2.map((s) => [s.state, s.resumed])).toEqual([
          ['failed', false],
          ['applied', true],
        ]);
        expect(model.history.some((r) => r.failed > 0)).toBe(true);
      }
      expect(steps.some((s) => s.set === 'asterisk/voicemail' && s.state === 'reverted')).toBe(true);
      expect(model.history.some((r) => r.resumed > 0)).toBe(true);
      expect(model.doctor.tables.find((t) => t.name === 'voicemail_messages')!.rows).toBe(1);
    });

    it('opens in headless Chromium with no console error, no request outside the file, every Asterisk table, no overlap', async () => {
      const { html } = await report(conn, sets, { lockRows: 1 });
      const file = join(ARTIFACTS, `report-${backend}.html`);
      writeFileSync(file, html);
      const { page, consoleErrors, outside } = await openFile(browser, file);
      await page.setViewportSize({ width: 1500, height: 1000 });
      const present = await page.$$eval('#diagram g.table', (els) => els.map((e) => e.getAttribute('data-table')));
      for (const t of await asteriskTables(conn)) expect(present, `table ${t} in the diagram`).toContain(t);
      // The diagram box scrolls: measure the SVG's own boxes, not what the viewport shows.
      const boxes = await tableBoxes(page);
      expect(boxes.length).toBeGreaterThan((await asteriskTables(conn)).length);
      expect(overlaps(boxes)).toEqual([]);
      expect(await page.locator('.danger').first().textContent()).toContain(
        'drops column voicemail_messages.macrocontext',
      );
      expect(await page.locator('g.table[data-table="ps_aors"]').getAttribute('class')).toContain('drift-changed');
      expect(
        await page.locator('g.table[data-table="ps_aors"] g.row[data-column="drift_probe"]').getAttribute('class'),
      ).toContain('drift-extra');
      expect(await page.locator(backend === 'mariadb' ? '.run.resumed' : '.run.failed').count()).toBeGreaterThan(0);
      await page.screenshot({ path: join(ARTIFACTS, `report-${backend}.png`), fullPage: true });
      // The top of the page (cards, sets, plan, diagram), as README's picture shows it.
      await page.screenshot({
        path: join(ARTIFACTS, `report-${backend}-top.png`),
        fullPage: true,
        clip: { x: 0, y: 0, width: 1500, height: 1900 },
      });
      expect(consoleErrors).toEqual([]);
      expect(outside).toEqual([]);
      await page.close();
    });

    it('voipdb report from the command line writes the same page', async () => {
      const file = join(ARTIFACTS, `report-cli-${backend}.html`);
      // An embedded PGlite database has one user at a time: this process lets go while the command runs.
      if (backend === 'pglite') await conn.close();
      const r = await runCli([
        '--url',
        db.url,
        '--pack',
        'asterisk',
        '--dir',
        dir,
        'report',
        '--lock-rows',
        '1',
        '-o',
        file,
      ]);
      if (backend === 'pglite') conn = await db.connect();
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /^wrote .*: 5 set\(s\), 2 not up to date, \d+ tables, \d+ drift difference\(s\), 2 pending step\(s\)/,
      );
      const { page, consoleErrors, outside } = await openFile(browser, file);
      expect(await page.locator('.danger').first().textContent()).toContain(
        'drops column voicemail_messages.macrocontext',
      );
      expect(overlaps(await tableBoxes(page))).toEqual([]);
      expect(consoleErrors).toEqual([]);
      expect(outside).toEqual([]);
      await page.close();
    });

    it('draws the Asterisk schema alone as an SVG that opens cleanly, with the logical links the pack declares', async () => {
      const r = await erd(conn, await asteriskSets(), { format: 'svg', onlyOwned: true });
      const file = join(ARTIFACTS, `erd-asterisk-${backend}.svg`);
      writeFileSync(file, r.text);
      const { page, consoleErrors, outside } = await openFile(browser, file);
      const present = await page.$$eval('g.table', (els) => els.map((e) => e.getAttribute('data-table')));
      for (const t of await asteriskTables(conn)) expect(present).toContain(t);
      expect(present).not.toContain('site_notes');
      expect(overlaps(await tableBoxes(page))).toEqual([]);
      const logical = await page.$$eval('g.link.logical', (els) =>
        els.map((e) => `${e.getAttribute('data-from')}->${e.getAttribute('data-to')}`),
      );
      expect(logical).toEqual(
        expect.arrayContaining(['ps_endpoints->ps_aors', 'ps_endpoints->ps_auths', 'queue_members->queues']),
      );
      // Every column of ps_endpoints makes a tall picture: the top-left 1600×1200 is kept.
      await page.setViewportSize({ width: 1600, height: 1200 });
      await page.screenshot({ path: join(ARTIFACTS, `erd-asterisk-${backend}.png`) });
      expect(consoleErrors).toEqual([]);
      expect(outside).toEqual([]);
      await page.close();
    });
  });
}
