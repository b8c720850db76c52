// Readable tables and colour on a terminal, plain text in a pipe, JSON when asked.

import { redact } from '../core/redact.js';

export { human as humanSize } from '../schema/introspect/table-sizes.js';

export interface Output {
  json: boolean;
  color: boolean;
  verbose: boolean;
  debug: boolean;
  /** Print a result: JSON document, or the human rendering. */
  result(data: unknown, human: () => string): void;
  info(line: string): void;
  warn(line: string): void;
  verboseLine(line: string): void;
}

const codes = { red: 31, green: 32, yellow: 33, blue: 34, dim: 2, bold: 1 } as const;

export function paint(on: boolean, color: keyof typeof codes, s: string): string {
  return on ? `\u001b[${codes[color]}m${s}\u001b[0m` : s;
}

export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))));
  // eslint-disable-next-line no-control-regex
  const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => visible(r[i] ?? ''))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - visible(c))))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function makeOutput(opts: { json?: boolean; verbose?: boolean; debug?: boolean; color?: boolean }): Output {
  const tty = !!process.stdout.isTTY;
  const color = opts.color !== false && tty && !process.env.NO_COLOR && !opts.json;
  const out: Output = {
    json: !!opts.json,
    color,
    verbose: !!opts.verbose || !!opts.debug,
    debug: !!opts.debug,
    result(data, human) {
      if (out.json) process.stdout.write(redact(JSON.stringify(data, null, 2)) + '\n');
      else {
        const text = human();
        if (text) process.stdout.write(redact(text) + '\n');
      }
    },
    info(line) {
      if (!out.json) process.stderr.write(redact(line) + '\n');
    },
    warn(line) {
      process.stderr.write(redact(paint(color, 'yellow', line)) + '\n');
    },
    verboseLine(line) {
      if (out.verbose) process.stderr.write(redact(paint(color, 'dim', line)) + '\n');
    },
  };
  return out;
}
