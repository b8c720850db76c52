// `node crash-child.mjs <url> [replay]`: upgrade the crash sets through the library, as an
// embedding program would; prints the result or the error as one JSON line and exits with its code.

import { connect, isVoipdbError, parseTarget, upgrade } from '../../../dist/index.js';
import { crashSets } from './crash-sets.mjs';

const [url, mode] = process.argv.slice(2);
let code = 0;
try {
  const conn = await connect(parseTarget(url));
  try {
    const r = await upgrade(conn, crashSets(), undefined, {
      replay: mode === 'replay',
      lockTimeoutMs: 30_000,
      events: (e) => e.type === 'log' && process.stderr.write(`${e.message}\n`),
    });
    process.stdout.write(JSON.stringify({ steps: r.steps.length }) + '\n');
  } finally {
    await conn.close();
  }
} catch (e) {
  code = isVoipdbError(e) ? e.exitCode : 10;
  process.stdout.write(JSON.stringify({ code, message: isVoipdbError(e) ? e.line() : String(e?.stack ?? e) }) + '\n');
}
process.exit(code);
