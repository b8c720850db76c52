// `voipdb erd` and `voipdb report` through bin/voipdb.js: the SVG and the HTML open cleanly in
// headless Chromium, Graphviz's own `dot` accepts the DOT, Mermaid's parser (the npm package,
// in the browser) accepts the Mermaid text, and bad input gets one line and exit 2.

import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, programAvailable, type TestDb } from '../helpers/backends.js';
import { chromiumAvailable, launchChromium, openFile, overlaps, tableBoxes, type Browser } from '../helpers/browser.js';
import { runCli, runProgram } from '../helpers/cli.js';
import { ARTIFACTS, asteriskTables } from './fixture.js';

const MERMAID = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
const ready = chromiumAvailable() && programAvailable('/usr/bin/dot');

/** Mermaid's own parser and renderer on `text`, in a blank page: the diagram type, or the error. */
async function mermaidParse(
  b: Browser,
  text: string,
  render = false,
): Promise<{ type?: string; error?: string; svg?: string }> {
  const page = await b.context.newPage();
  try {
    await page.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: MERMAID });
    return await page.evaluate(
      async ([src, draw]) => {
        const m = (
          window as unknown as {
            mermaid: {
              initialize(o: object): void;
              parse(t: string): Promise<{ diagramType: string }>;
              render(id: string, t: string): Promise<{ svg: string }>;
            };
          }
        ).mermaid;
        m.initialize({ startOnLoad: false, maxTextSize: 1e7 });
        try {
          const r = await m.parse(src);
          return { type: r.diagramType, ...(draw ? { svg: (await m.render('erd', src)).svg } : {}) };
        } catch (e) {
          return { error: String((e as Error).message ?? e) };
        }
      },
      [text, render] as const,
    );
  } finally {
    await page.close();
  }
}

describe.skipIf(!ready)('voipdb erd / report from the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'voipdb-erd-'));
  let ast: TestDb;
  let kam: TestDb;
  let browser: Browser;
  beforeAll(async () => {
    ast = await freshDb('sqlite', 'erdast');
    kam = await freshDb('sqlite', 'erdkam');
    expect((await runCli(['--url', ast.url, '--pack', 'asterisk', 'upgrade'])).code).toBe(0);
    expect((await runCli(['--url', kam.url, '--pack', 'kamailio', 'upgrade'])).code).toBe(0);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await ast?.drop();
    await kam?.drop();
  });

  it('writes an SVG with every Asterisk table, none overlapping, that opens with no error and no request', async () => {
    const file = join(dir, 'asterisk.svg');
    const r = await runCli(['--url', ast.url, 'erd', '-o', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*asterisk\.svg \(\d+ tables, \d+ links\)/);
    const { page, consoleErrors, outside } = await openFile(browser, file);
    const present = await page.$$eval('g.table', (els) => els.map((e) => e.getAttribute('data-table')));
    const conn = await ast.connect();
    const expected = await asteriskTables(conn);
    await conn.close();
    expect(expected.length).toBeGreaterThanOrEqual(33);
    for (const t of expected) expect(present).toContain(t);
    expect(overlaps(await tableBoxes(page))).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('--format dot is accepted by Graphviz dot', async () => {
    const file = join(dir, 'asterisk.dot');
    expect((await runCli(['--url', ast.url, 'erd', '--format', 'dot', '-o', file])).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^digraph erd \{/);
    expect(text).toContain('"ps_endpoints" -> "ps_aors" [label="aors → id", style=dashed');
    const dot = await runProgram('/usr/bin/dot', ['-Tsvg', file, '-o', join(dir, 'asterisk-dot.svg')]);
    expect(dot.stderr).toBe('');
    expect(dot.code).toBe(0);
    expect(readFileSync(join(dir, 'asterisk-dot.svg'), 'utf8')).toContain('ps_endpoints');
  });

  it('--format mermaid is accepted by the Mermaid parser', async () => {
    const r = await runCli(['--url', ast.url, 'erd', '--format', 'mermaid']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^erDiagram\n/);
    expect(r.stdout).toContain('ps_endpoints }o..o| ps_aors : "aors → id (logical)"');
    const parsed = await mermaidParse(browser, r.stdout);
    expect(parsed.error).toBeUndefined();
    expect(parsed.type).toBe('er');
  });

  it('--tables draws only the named tables and the links between them', async () => {
    const r = await runCli(['--url', ast.url, 'erd', '--format', 'mermaid', '--tables', 'ps_endpoints,ps_aors']);
    expect(r.code).toBe(0);
    const entities = [...r.stdout.matchAll(/^ {2}(\w+) \{$/gm)].map((m) => m[1]);
    expect(entities.sort()).toEqual(['ps_aors', 'ps_endpoints']);
    expect(r.stdout).toContain('ps_endpoints }o..o| ps_aors');
    const drawn = await mermaidParse(browser, r.stdout, true);
    expect(drawn.error).toBeUndefined();
    expect(drawn.svg).toContain('ps_endpoints');
  });

  it('refuses an unknown table or format in one line with exit 2', async () => {
    const t = await runCli(['--url', ast.url, 'erd', '--tables', 'ps_endpoints,nope']);
    expect(t.code).toBe(2);
    expect(t.stderr.trim().split('\n')).toHaveLength(1);
    expect(t.stderr).toContain('no table nope in this database');
    const f = await runCli(['--url', ast.url, 'erd', '--format', 'png']);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/--format png: expected svg, dot or mermaid/);
    const o = await runCli(['--url', ast.url, 'report', '--bogus']);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/unknown option '--bogus'/);
  });

  it("draws Kamailio's logical links (subscriber ↔ location) in every format", async () => {
    const dotFile = join(dir, 'kamailio.dot');
    expect((await runCli(['--url', kam.url, 'erd', '--format', 'dot', '-o', dotFile])).code).toBe(0);
    expect(readFileSync(dotFile, 'utf8')).toContain(
      '"location" -> "subscriber" [label="username, domain → username, domain", style=dashed',
    );
    expect((await runProgram('/usr/bin/dot', ['-Tsvg', dotFile, '-o', join(dir, 'kamailio-dot.svg')])).code).toBe(0);
    const svgFile = join(dir, 'kamailio.svg');
    expect((await runCli(['--url', kam.url, 'erd', '-o', svgFile])).code).toBe(0);
    const { page, consoleErrors, outside } = await openFile(browser, svgFile);
    const links = await page.$$eval('g.link.logical', (els) =>
      els.map((e) => `${e.getAttribute('data-from')}->${e.getAttribute('data-to')}`),
    );
    expect(links).toEqual(
      expect.arrayContaining(['location->subscriber', 'grp->subscriber', 'lcr_rule_target->lcr_gw']),
    );
    const boxes = await tableBoxes(page);
    const conn = await kam.connect();
    const tables = (
      await conn.query<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'voipdb_%'",
      )
    ).length;
    await conn.close();
    expect(tables).toBeGreaterThanOrEqual(29);
    expect(boxes.length).toBe(tables);
    expect(overlaps(boxes)).toEqual([]);
    await page.setViewportSize({ width: 1600, height: 1200 });
    await page.screenshot({ path: join(ARTIFACTS, 'erd-kamailio-sqlite.png') });
    expect(consoleErrors).toEqual([]);
    expect(outside).toEqual([]);
    const mm = await runCli(['--url', kam.url, 'erd', '--format', 'mermaid']);
    expect((await mermaidParse(browser, mm.stdout)).error).toBeUndefined();
    await page.close();
  });

  for (const backend of ['sqlite', 'pglite'] as const) {
    // PGlite starts in every process: three commands on a busy machine outlast the default timeout.
    it(`voipdb report writes a page that opens cleanly (${backend})`, { timeout: 600_000 }, async () => {
      const db = backend === 'sqlite' ? ast : await freshDb('pglite', 'reportcli');
      try {
        if (backend === 'pglite')
          expect((await runCli(['--url', db.url, '--pack', 'asterisk', 'upgrade'])).code).toBe(0);
        const file = join(dir, `report-cli-${backend}.html`);
        const r = await runCli(['--url', db.url, ...(backend === 'pglite' ? ['--json'] : []), 'report', '-o', file]);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        if (backend === 'pglite')
          expect(JSON.parse(r.stdout)).toMatchObject({ written: file, drift: 0, pending: 0, runs: 1 });
        else
          expect(r.stdout).toMatch(
            /^wrote .*: 4 set\(s\), \d+ tables, 0 drift difference\(s\), 0 pending step\(s\), 1 run\(s\) in the history/,
          );
        const { page, consoleErrors, outside } = await openFile(browser, file);
        expect(await page.locator('#sets tbody tr').count()).toBe(4);
        expect(await page.locator('#sets .badge.ok').count()).toBe(4);
        expect(overlaps(await tableBoxes(page))).toEqual([]);
        expect(consoleErrors).toEqual([]);
        expect(outside).toEqual([]);
        await page.close();
      } finally {
        if (backend === 'pglite') await db.drop();
      }
    });
  }
});
