// The module groups `kamdbctl create` uses (utils/kamctl/kamdbctl.base, 5.6): the standard
// modules always, presence, extra and uid tables when the admin says yes. A module kamdbctl
// puts in no group (matrix) can be chosen on its own.

import { VoipdbError } from '../../core/errors.js';
import { KAMAILIO_5_6 } from './schema-5.6.js';
import type { TableSpec } from './table-spec.js';

export const GROUPS: Record<string, readonly string[]> = {
  standard: ['standard', 'acc', 'lcr', 'domain', 'group', 'permissions', 'registrar', 'usrloc', 'msilo', 'alias_db', 'uri_db', 'speeddial', 'avpops', 'auth_db', 'pdt', 'dialog', 'dispatcher', 'dialplan', 'topos'],
  presence: ['presence', 'rls'],
  extra: ['imc', 'cpl', 'siptrace', 'domainpolicy', 'carrierroute', 'drouting', 'userblocklist', 'htable', 'purple', 'uac', 'pipelimit', 'mtree', 'sca', 'mohqueue', 'rtpproxy', 'rtpengine', 'secfilter'],
  uid: ['uid_auth_db', 'uid_avp_db', 'uid_domain', 'uid_gflags', 'uid_uri_db'],
};

export const DEFAULT_GROUPS = ['standard'];

/** Every module with a create script in the release. */
export const MODULES: Record<string, readonly TableSpec[]> = KAMAILIO_5_6;

/** A choice (group or single module) -> its modules. */
export function modulesOf(choice: string): readonly string[] {
  if (GROUPS[choice]) return GROUPS[choice]!;
  if (MODULES[choice]) return [choice];
  throw new VoipdbError('usage', `unknown Kamailio group or module "${choice}"`, {
    hint: `choose groups from: ${Object.keys(GROUPS).join(', ')} (or a module: ${Object.keys(MODULES).join(', ')})`,
  });
}

/** The admin's choice as a list: ['standard', 'presence'] from an array or "standard,presence". */
export function parseChoices(option: unknown): string[] {
  const list = option === undefined || option === null || option === '' ? DEFAULT_GROUPS : Array.isArray(option) ? option.map(String) : String(option).split(',');
  const chosen = [...new Set(list.map((s) => s.trim()).filter(Boolean))];
  const out = chosen.length ? chosen : [...DEFAULT_GROUPS];
  const owner = new Map<string, string>();
  for (const c of out) {
    for (const m of modulesOf(c)) {
      const prev = owner.get(m);
      if (prev) throw new VoipdbError('usage', `Kamailio module ${m} is chosen twice (${prev} and ${c})`, { hint: `drop one of them from --groups` });
      owner.set(m, c);
    }
  }
  return out;
}

export function tablesOf(choice: string): TableSpec[] {
  return modulesOf(choice).flatMap((m) => [...MODULES[m]!]);
}
