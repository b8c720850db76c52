// Dependencies point one way (docs/architecture.md):
//   cli → commands → ops / convert → packs → engine → schema → dialect → db → core
// `npm run depcheck` fails on an import cycle or an edge up this order.

const layers = ['cli', 'commands', 'ops|convert', 'packs', 'engine', 'schema', 'dialect', 'db', 'core'];

/** One rule per layer: it may not import any layer above it. */
const upward = layers.slice(1).map((layer, i) => ({
  name: `no-upward-from-${layer.replace('|', '-')}`,
  comment: `src/${layer} sits below ${layers.slice(0, i + 1).join(', ')}: it may not import them`,
  severity: 'error',
  from: { path: `^src/(${layer})/` },
  to: { path: `^src/(${layers.slice(0, i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import cycle: split the shared part into its own module',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-package-entry-inside',
      comment: 'src/index.ts is the package entry: nothing inside src imports it',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/index\\.ts$' },
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
