// The SER 0.9 -> SER 2.0 converter (the document's migrate_ser_db), rule by rule, in its order:
// domain, subscriber, pending, aliases, uri, location, cpl, msilo, phonebook, admin_privileges,
// grp, usr_preferences, acc, missed_calls.

import type { Converter } from '../types.js';
import { accStep, missedCallsStep } from './steps/acc.js';
import { adminPrivilegesStep } from './steps/admin-privileges.js';
import { aliasesStep } from './steps/aliases.js';
import { cplStep } from './steps/cpl.js';
import { domainStep } from './steps/domain.js';
import { grpStep } from './steps/grp.js';
import { locationStep } from './steps/location.js';
import { phonebookStep } from './steps/phonebook.js';
import { siloStep } from './steps/silo.js';
import { pendingStep, subscriberStep } from './steps/subscribers.js';
import { uriStep } from './steps/uri.js';
import { usrPreferencesStep } from './steps/usr-preferences.js';

export const serConverter: Converter = {
  name: 'ser',
  description: 'SER 0.9 data into the SER 2.0 schema (migrate_ser_db)',
  destination: {
    pack: 'ser-2.0',
    set: 'ser-2.0',
    sets: async () => [(await import('../../packs/ser/ser20.js')).ser20Set],
  },
  steps: [
    domainStep,
    subscriberStep,
    pendingStep,
    aliasesStep,
    uriStep,
    locationStep,
    cplStep,
    siloStep,
    phonebookStep,
    adminPrivilegesStep,
    grpStep,
    usrPreferencesStep,
    accStep,
    missedCallsStep,
  ],
};
