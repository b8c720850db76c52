// The name of a directory set's next migration file, by the set's naming convention.

import { compareVersions } from './order.js';
import { detectConvention } from './sources.js';

/** The next file name in a directory set, by its convention. */
export function nextFileName(files: string[], description: string, convention = detectConvention(files)): string {
  const slug =
    description
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '') || 'change';
  const versions = (re: RegExp) => files.map((f) => re.exec(f)).filter((m): m is RegExpExecArray => !!m);
  switch (convention) {
    case 'flyway': {
      const vs = versions(/^V(\d+(?:[._]\d+)*)__/)
        .map((m) => m[1]!.replace(/_/g, '.'))
        .sort(compareVersions);
      const last = vs.at(-1)?.split('.') ?? ['0'];
      last[last.length - 1] = String(Number(last.at(-1)) + 1);
      return `V${last.join('.')}__${slug}.sql`;
    }
    case 'ovirt': {
      const vs = versions(/^(\d{2})_(\d{2})_(\d{4})_/)
        .map((m) => [m[1]!, m[2]!, Number(m[3])] as const)
        .sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]) || a[2] - b[2]);
      const l = vs.at(-1) ?? (['04', '01', 0] as const);
      return `${l[0]}_${l[1]}_${String(l[2] + 10).padStart(4, '0')}_${slug.replace(/(?:^|_)([a-z0-9])/g, (_s, c: string) => c.toUpperCase())}.sql`;
    }
    case 'xivo-legacy': {
      const vs = versions(/^([a-z]+)-(\d+)\.sql$/);
      const l = vs.sort((a, b) => Number(a[2]) - Number(b[2])).at(-1);
      const db = l?.[1] ?? 'asterisk';
      const width = l?.[2]!.length ?? 3;
      return `${db}-${String(Number(l?.[2] ?? 0) + 1).padStart(width, '0')}.sql`;
    }
    case 'modules':
    case 'numbered': {
      const vs = versions(/^(\d+)[_-]/);
      const width = vs[0]?.[1]!.length ?? 4;
      const next = Math.max(0, ...vs.map((m) => Number(m[1]))) + 1;
      // Modules: in the language of the newest one (.ts, .mjs or .js).
      const newest = vs
        .map((m) => m.input)
        .sort((a, b) => a.localeCompare(b))
        .at(-1);
      const ext = convention === 'modules' ? (/\.(m?js|ts)$/.exec(newest ?? '')?.[1] ?? 'js') : 'sql';
      return `${String(next).padStart(width, '0')}_${slug}.${ext}`;
    }
  }
}
