// The Kamailio releases both dev tools read (scripts/kamailio-schema.mjs, the pack's generator, and
// scripts/kamailio-fixtures.mjs, the tests' oracle): one list, so the two never read different tags.
import { execFileSync } from 'node:child_process';

/** Release -> the tag read: the series' latest point release (their create scripts fix x.y.0's). */
export const TAGS = {
  '5.0': '5.0.8',
  5.1: '5.1.10',
  5.2: '5.2.8',
  5.3: '5.3.9',
  5.4: '5.4.9',
  5.5: '5.5.7',
  5.6: '5.6.6',
  5.7: '5.7.7',
  5.8: '5.8.8',
  '6.0': '6.0.7',
  6.1: '6.1.4',
};

/** git against a fetched kamailio/kamailio mirror. */
export function mirrorGit(gitDir) {
  return (...args) => execFileSync('git', [`--git-dir=${gitDir}`, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}
