// A real headless Chromium (Debian's /usr/bin/chromium, never a downloaded one) driven by
// playwright-core, with a fresh profile per launch and every request that would leave a local
// file recorded, so a test can say a page needed no network.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { programAvailable } from './backends.js';

export const CHROMIUM = '/usr/bin/chromium';

export const chromiumAvailable = () => programAvailable(CHROMIUM);

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'voipdb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', ...FLAGS],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface OpenedPage {
  page: Page;
  consoleErrors: string[];
  /** Requests for anything but the file itself, data: and about: URLs. */
  outside: string[];
}

/** Open a local file, recording console errors, page errors and requests that leave the file. */
export async function openFile(b: Browser, path: string): Promise<OpenedPage> {
  const page = await b.context.newPage();
  const consoleErrors: string[] = [];
  const outside: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const self = `file://${path}`;
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.split('#')[0] === self || url.startsWith('data:') || url.startsWith('about:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  await page.goto(self, { waitUntil: 'load' });
  return { page, consoleErrors, outside };
}

/** Bounding rectangles of the diagram's table boxes, by table name. */
export async function tableBoxes(
  page: Page,
): Promise<{ name: string; x: number; y: number; width: number; height: number }[]> {
  return page.$$eval('g.table', (els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { name: el.getAttribute('data-table') ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

/** Pairs of boxes whose rectangles overlap (touching edges do not count). */
export function overlaps(boxes: { name: string; x: number; y: number; width: number; height: number }[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (
        a.x < b.x + b.width - 0.5 &&
        b.x < a.x + a.width - 0.5 &&
        a.y < b.y + b.height - 0.5 &&
        b.y < a.y + a.height - 0.5
      )
        out.push(`${a.name} × ${b.name}`);
    }
  }
  return out;
}
