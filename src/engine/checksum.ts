import crypto from 'node:crypto';

/** Text as its meaning: no BOM, LF line endings, no trailing blank lines. A line-ending-only change is not drift. */
export function normalizeText(text: string): string {
  return (
    text
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n')
      .replace(/[ \t]+$/gm, '')
      .replace(/\n+$/, '') + '\n'
  );
}

// crypto.hash (Node 20.12+) makes no Hash object: half the time over a thousand small scripts.
export const sha256: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text)
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

export function checksum(text: string): string {
  return sha256(normalizeText(text));
}
