// The voipdb command as one file (dist/bin/voipdb.js): resolving and reading the ~400 modules
// tsc emits was most of a short command's start-up. One file rather than chunks: node 20
// resolves each chunk as slowly as any module, while the code a command does not run (other
// commands, packs, drivers) is only scanned, not run. Left where npm put them: PGlite (finds its
// WASM files next to its own module), better-sqlite3 (native), mysql2 (1.4 MB, for MySQL only),
// node-sqlite3-wasm (finds its WASM file the same way), typescript (the user's, for .ts
// migrations) and elkjs (1.6 MB of layout engine that only `erd` and `report` load: bundled,
// every command's start-up would scan it), and yaml (fleet files only; 0.5 MB bundled).

import { mkdirSync, writeFileSync } from 'node:fs';

let build;
try {
  ({ build } = await import('esbuild'));
} catch {
  // A node_modules installed before esbuild joined the devDependencies: the unbundled modules.
  console.warn('esbuild is not installed (npm install): dist/bin/voipdb.js loads dist/cli/program.js instead');
  mkdirSync('dist/bin', { recursive: true });
  writeFileSync('dist/bin/voipdb.js', "export { main } from '../cli/program.js';\n");
  process.exit(0);
}

await build({
  entryPoints: { voipdb: 'src/cli/program.ts' },
  outdir: 'dist/bin',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: [
    '@electric-sql/pglite',
    'better-sqlite3',
    'mysql2',
    'node-sqlite3-wasm',
    'pg-native',
    'typescript',
    'elkjs',
    'yaml',
  ],
  // Bundled CommonJS (pg) calls require() for node's own modules.
  banner: {
    js: "import { createRequire as __voipdbRequire } from 'node:module'; const require = __voipdbRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
});
