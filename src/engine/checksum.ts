import { createHash } from 'node:crypto';

/** Text as its meaning: no BOM, LF line endings, no trailing blank lines. A line-ending-only change is not drift. */
export function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').replace(/\n+$/, '') + '\n';
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function checksum(text: string): string {
  return sha256(normalizeText(text));
}
