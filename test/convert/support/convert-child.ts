// A conversion in its own process, for the kill-and-resume test: prints a line after every
// committed batch and sleeps a little, so the parent can SIGKILL it mid-run.
import { convert } from '../../../src/convert/index.js';
import { parseTarget } from '../../../src/db/url.js';

const [from, to, batch, pause, deferFrom] = process.argv.slice(2);
const sleeper = new Int32Array(new SharedArrayBuffer(4));

convert({
  converter: 'ser',
  from: parseTarget(from),
  to: parseTarget(to),
  onError: 'skip',
  batchSize: Number(batch),
  deferIndexesFrom: deferFrom ? Number(deferFrom) : undefined,
  onBatch(step, rows) {
    process.stdout.write(`batch ${step} ${rows}\n`);
    Atomics.wait(sleeper, 0, 0, Number(pause));
  },
}).then(
  () => process.stdout.write('finished\n'),
  (e) => {
    process.stderr.write(String(e?.stack ?? e) + '\n');
    process.exitCode = 1;
  },
);
