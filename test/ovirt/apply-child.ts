// `ovirtApply` of a dbscripts tree in a process of its own (for the comparison with schema.sh):
//   node --import ../convert/support/ts-register.mjs apply-child.ts <dbscripts> <url> [fail|drop]
// Prints one JSON line: the wall time and the steps taken.

import { connect } from '../../src/db/connect.js';
import { parseTarget } from '../../src/db/url.js';
import { ovirtApply } from '../../src/packs/ovirt/apply.js';
import { ovirtSet } from '../../src/packs/ovirt/set.js';

const [dir, url, rule] = process.argv.slice(2);
const started = process.hrtime.bigint();
const conn = await connect(parseTarget(url));
try {
  const r = await ovirtApply(conn, ovirtSet(dir!, { tempFunctions: rule === 'drop' ? 'drop' : 'fail' }));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    JSON.stringify({
      ms,
      installed: r.installed,
      adopted: r.adopted ?? null,
      steps: r.steps.map((s) => ({ kind: s.kind, version: s.version, script: s.script, state: s.state })),
    }),
  );
} finally {
  await conn.close();
}
