// The Asterisk release series each alembic revision first shipped in (the oldest major whose
// tagged releases contain it), per script set: read from the tags of asterisk/asterisk
// (contrib/ast-db-manage/<set>/versions at every X.Y.Z tag from 12.0.0 on). A plan whose pending
// revisions first shipped in a later series than the database's current one jumps release
// series, where the Asterisk documentation warns that data can be lost.

const FIRST_SHIPPED: Record<string, Record<number, string[]>> = {
  cdr: {
    12: [
      '210693f3123d',
    ],
    14: [
      '54cde9847798',
    ],
  },
  config: {
    12: [
      '10aedae86a32', '1758e8bbf6b', '1d50859ed02e', '21e526ad3040', '28887f25a46f', '2fc7930b41b3', '3855ee4e5f85',
      '43956d550a44', '4c573e7135bd', '4da0c5f79a9c', '5139253c0423', '51f8cb66540e', '581a4264e537', '5950038a6ead',
      'c6d929b23a8', 'e96a0b8071c',
    ],
    13: [
      '0838f8db6a61', '0be05c3a8225', '136885b81223', '154177371065', '15db7b91a97a', '164abbd708c', '189a235b3fd7',
      '19b00bc19b7b', '1ac563b350a8', '1ae0609b6646', '1c688d9a003c', '1d0e332c32af', '1d3ed26d9978', '20abce6d1e3c',
      '23530d604b96', '26d7f3bf0fa5', '26f10cadc157', '28ab27a7826d', '28b8e71e541f', '28ce1e718f05', '2bb1a85135ad',
      '2d078ec071b7', '2da192dbbc65', '31cd4f4891ec', '339e1dfa644d', '371a3bf4143e', '3772f8f828da', '3a094a18e75b',
      '3bcc0b5bc2c9', '423f34ad36e2', '4468b4a91372', '45e3f47c6c44', '461d7d691209', '465e70e8c337', '498357a710ae',
      '4a6c67fa9b7a', '4e2493ef32e6', '52798ad97bdf', '5813202e92be', '65eb22eb195', '6d8c104e6184', '79290b511e4b',
      '7f85dd44c775', '80473bad3c16', '81b01a191a46', '837aa67461fb', '86bb1efa278d', '8d478ab86e29', '8fce4c573e15',
      '9deac0ae4717', 'a1698e8bb9c5', 'a541e0b5e89', 'a6ef36f1309', 'b83645976fdd', 'c7a44a5a0851', 'd39508cb8d8',
      'd3e4284f8707', 'd7983954dd96', 'dbc44d5a908', 'e658c26033ca', 'eb88a14f2a', 'ef7efc2d3964', 'f3c0b8695b66',
      'f3d1c5d38b56', 'f638dbe2eb23', 'fe6592859b85',
    ],
    14: [
      '15b1430ad6f1', '339a3bdf53fc', '945b1098bdd',
    ],
    15: [
      '041c0d3d1857', '39959b9c2566', '44ccced114ce', '7f3e21abe318', 'de83fac997e2',
    ],
    16: [
      '0bee61aa9425', '18e0805d367f', '417c0247fd7e', '539f68bede2c', '58e440314c2a', '61797b9fced6', '7197536bb68d',
      '8915fcc5766f', '8f72185e437f', 'a062185f355c', 'a06d8f8462d9', 'c20d6e3992f4', 'ccf795ee535f', 'e2f04d309071',
      'f56d79a9f337', 'fbb7766f17bc',
    ],
    17: [
      '465f47f880be',
    ],
    18: [
      '24c12d8e9014', '2b7c507d7d12', '37a5332640e2', '4042a0ff4d9f', '5a2247c957d2', '655054a68ad5', '6c475a93f48a',
      '74dc751dfe8e', '801b9fced8b7', '8fce8496f03e', '9f3692b1654b', 'b80485ff4dd0', 'bd335bae5d33', 'bd9c5159c7ea',
      'cf150a175fd3', 'd5122576cca8', 'dac2b4c328b8', 'f261363a857f', 'f5b0e7427449',
    ],
    20: [
      '44bd6dd914fa', '4f91fc18c979', 'abdc9ede147d', 'bb6d54e22913', 'dc7c357dc178', 'e89e30cee53f',
    ],
  },
  queue_log: {
    13: [
      '4105ee839f58',
    ],
  },
  voicemail: {
    12: [
      '39428242f7f5', 'a2e9769475e',
    ],
    18: [
      '1c55c341360f', '64fae6bbe7fb',
    ],
  },
};

/** Revision -> the Asterisk major release it first shipped in, for one tree (config, voicemail, cdr, queue_log). */
export function firstShipped(tree: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [major, revisions] of Object.entries(FIRST_SHIPPED[tree] ?? {})) for (const r of revisions) out[r] = Number(major);
  return out;
}
