// From timings on sample copies to a prediction for the whole table. A shared server's timings
// jump by ±30% from one run to the next, so no single timing is trusted: the fixed cost is timed
// on an empty copy, every other timing gives a per-row rate, and the prediction takes the median
// rate; the slowest and fastest rates give the range, their relative spread the noise.

import { VoipdbError } from '../core/errors.js';

export interface Measurement {
  rows: number;
  ms: number;
}

export interface Prediction {
  /** Fixed cost plus the median per-row rate times the table's rows. */
  seconds: number;
  /** The same with the fastest and the slowest measured rate. */
  low: number;
  high: number;
  /** Seconds per million rows (median rate), the XiVO note's unit turned around. */
  secondsPerMillionRows: number;
  /** Standard deviation of the per-row rates over their mean: how noisy the server was while measuring. */
  spread: number;
  /** Median time on the empty copy (catalog changes, commit, waits). */
  fixedMs: number;
  samples: Measurement[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The prediction for `rows` rows from timings on samples (those with 0 rows give the fixed cost). */
export function predict(samples: Measurement[], rows: number): Prediction {
  const empty = samples.filter((s) => s.rows === 0).map((s) => s.ms);
  const fixedMs = empty.length ? median(empty) : 0;
  const rates = samples.filter((s) => s.rows > 0).map((s) => Math.max(0, s.ms - fixedMs) / s.rows);
  if (!rates.length)
    throw new VoipdbError('internal', 'estimate has no timing on a sample with rows', {
      hint: 'give --sample-rows a positive number',
    });
  const mean = rates.reduce((a, r) => a + r, 0) / rates.length;
  const sd = Math.sqrt(rates.reduce((a, r) => a + (r - mean) ** 2, 0) / Math.max(1, rates.length - 1));
  const at = (rate: number) => (fixedMs + rate * rows) / 1000;
  const rate = median(rates);
  return {
    seconds: at(rate),
    low: at(Math.min(...rates)),
    high: at(Math.max(...rates)),
    secondsPerMillionRows: rate * 1000,
    spread: mean > 0 ? sd / mean : 0,
    fixedMs,
    samples,
  };
}
