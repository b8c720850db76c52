// silo (msilo) -> silo: stored messages keyed by UID; Unix times become DATETIMEs; message ids kept.

import type { ConversionStep } from '../../types.js';
import { fromUnixTime, text } from '../names.js';
import { userStep } from './user-step.js';

export const siloStep: ConversionStep = userStep({
  name: 'silo',
  aliases: ['msilo'],
  description: 'stored instant messages, keyed by UID',
  table: 'silo',
  columns: ['mid', 'src_addr', 'dst_addr', 'r_uri', 'username', 'domain', 'inc_time', 'exp_time', 'ctype', 'body'],
  writes: [
    {
      name: 'silo',
      columns: ['mid', 'from_hdr', 'to_hdr', 'ruri', 'uid', 'inc_time', 'exp_time', 'ctype', 'body'],
      serial: 'mid',
    },
  ],
  build(row, uid, emit) {
    emit('silo', {
      mid: row.mid,
      from_hdr: text(row.src_addr),
      to_hdr: text(row.dst_addr),
      ruri: text(row.r_uri),
      uid,
      inc_time: fromUnixTime(row.inc_time),
      exp_time: fromUnixTime(row.exp_time),
      ctype: row.ctype ?? 'text/plain',
      body: row.body ?? '',
    });
  },
});
