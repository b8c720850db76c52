// Value parsers the commands share for options given more than once.

/** Every value as given. */
export const repeated = (v: string, prev: string[] = []) => [...prev, v];

/** Values that may also come comma-separated (--group a,b --group c). */
export const listed = (v: string, prev: string[] = []) => [
  ...prev,
  ...v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
];
