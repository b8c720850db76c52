// Every command, registered in the order `voipdb --help` lists them.

import type { Command } from 'commander';
import type { CliApp } from '../app.js';
import * as init from './init.js';
import * as check from './check.js';
import * as upgrade from './upgrade.js';
import * as downgrade from './downgrade.js';
import * as stamp from './stamp.js';
import * as status from './status.js';
import * as sql from './sql.js';
import * as newCmd from './new.js';
import * as adopt from './adopt.js';
import * as diff from './diff.js';
import * as packs from './packs.js';
import * as odbc from './odbc.js';
import * as grants from './grants.js';
import * as doctor from './doctor.js';
import * as replicate from './replicate.js';
import * as backup from './backup.js';
import * as restore from './restore.js';
import * as merge from './merge.js';
import * as estimate from './estimate.js';
import * as online from './online.js';
import * as prune from './prune.js';
import * as squash from './squash.js';
import * as convert from './convert.js';

export const commands: ((program: Command, app: CliApp) => void)[] = [
  init.register,
  check.register,
  upgrade.register,
  downgrade.register,
  stamp.register,
  status.register,
  sql.register,
  newCmd.register,
  adopt.register,
  diff.register,
  packs.register,
  convert.register,
  estimate.register,
  online.register,
  prune.register,
  replicate.register,
  backup.register,
  restore.register,
  merge.register,
  squash.register,
  doctor.register,
  grants.register,
  odbc.register,
];
