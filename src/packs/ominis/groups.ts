// The ominis pack's table groups: FreeSWITCH's plus its own.

import type { TableGroups } from '../../engine/types.js';
import { freeswitchPack } from '../freeswitch/index.js';

export const ominisTableGroups: TableGroups = {
  ...freeswitchPack.tableGroups,
  config: ['extensions', 'ivrs', 'ivr_menus', 'ivr_menu_options', 'acl_entries'],
  cache: ['ivr_tts_cache'],
  cdr: ['cdr'],
};

/** Every table the pack creates, for the init summary. */
export const ominisPackTables = Object.values(ominisTableGroups).flat();
