// Benchmark: applying ovirt-engine's packaging/dbscripts (406 upgrade scripts, 152 tables, 81
// *_sp.sql files) to an empty PostgreSQL database, voipdb side by side with oVirt's own
// `schema.sh -c apply`. Runs alternate between the two tools on fresh databases (uuid-ossp
// installed first, as schema.sh requires); the median of each is printed with the ratio
// (goal: voipdb at most 0.5x schema.sh's wall time). schema.sh's time is the whole command, as
// an admin runs it; voipdb's is reading the tree, connecting, applying and closing, in this process.
//
//   node --import ./test/convert/support/ts-register.mjs bench/ovirt-apply.ts
//   OVIRT_DBSCRIPTS=<exported packaging/dbscripts> (default /tmp/ovirt-dbscripts)
//   VOIPDB_BENCH_RUNS=3 (default); VOIPDB_TEST_PG: the server's admin URL.

import { connect } from '../src/db/connect.js';
import { ovirtApply } from '../src/packs/ovirt/apply.js';
import { ovirtSet } from '../src/packs/ovirt/set.js';
import { emptyOvirtDb, ovirtTree, psqlAvailable, runSchemaSh, uuidOsspAvailable } from '../test/ovirt/upstream.js';

const RUNS = Number(process.env.VOIPDB_BENCH_RUNS ?? 3);
const tree = ovirtTree();
if (!tree || !psqlAvailable() || !(await uuidOsspAvailable())) {
  console.error(
    'needs an exported ovirt-engine packaging/dbscripts (OVIRT_DBSCRIPTS or /tmp/ovirt-dbscripts), psql, and PostgreSQL with uuid-ossp',
  );
  process.exit(2);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sh: number[] = [];
const ours: number[] = [];
let steps = 0;

for (let i = 0; i < RUNS; i++) {
  const a = await emptyOvirtDb();
  try {
    sh.push(await runSchemaSh(tree, a.target));
  } finally {
    await a.drop();
  }
  const b = await emptyOvirtDb();
  try {
    const started = process.hrtime.bigint();
    const conn = await connect(b.target);
    try {
      // ovirt-engine's 04_02_0740 leaves a __temp_ function behind: voipdb drops it ('drop' rule)
      const r = await ovirtApply(conn, ovirtSet(tree, { tempFunctions: 'drop' }));
      steps = r.steps.length;
    } finally {
      await conn.close();
    }
    ours.push(Number(process.hrtime.bigint() - started) / 1e6);
  } finally {
    await b.drop();
  }
  console.log(
    `run ${i + 1}/${RUNS}: schema.sh ${(sh.at(-1)! / 1000).toFixed(2)} s, voipdb ${(ours.at(-1)! / 1000).toFixed(2)} s`,
  );
}

const ratio = median(ours) / median(sh);
console.log('');
console.log(`ovirt-engine dbscripts from empty (${steps} voipdb steps), median of ${RUNS}:`);
console.log(`  schema.sh -c apply   ${(median(sh) / 1000).toFixed(2)} s`);
console.log(`  voipdb ovirtApply    ${(median(ours) / 1000).toFixed(2)} s`);
console.log(`  ratio                ${ratio.toFixed(2)}x  (goal <= 0.50x: ${ratio <= 0.5 ? 'met' : 'NOT met'})`);
