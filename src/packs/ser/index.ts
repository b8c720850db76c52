// SER, Kamailio's ancestor: the two ends of the SER 0.9 -> 2.0 conversion (`voipdb convert ser`).
export { ser09Pack, ser09Set, SER09_SET, SER09_TABLES, SER09_VERSION_ROWS } from './ser09.js';
export { ser20Pack, ser20Set, SER20_SET, SER20_TABLES, SER20_VERSION_ROWS } from './ser20.js';
