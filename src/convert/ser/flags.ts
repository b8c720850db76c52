// SER 2.0's row flags (the same bits migrate_ser_db and serweb use) and the names the conversion
// gives to things the old schema left unnamed.

export const DB_LOAD_SER = 1 << 0;
export const DB_DISABLED = 1 << 1;
export const DB_CANON = 1 << 2;
export const DB_IS_TO = 1 << 3;
export const DB_IS_FROM = 1 << 4;
export const DB_FOR_SERWEB = 1 << 5;
export const DB_DELETED = 1 << 7;
export const DB_CALLER_DELETED = 1 << 8;
export const DB_CALLEE_DELETED = 1 << 9;

/** The DID of names no virtual domain matches (the document's '_default', also SER 2.0's credentials.did default). */
export const DEFAULT_DID = '_default';

/** Attribute value types: SER loads type 0 as an integer, type 2 as a string. */
export const ATTR_INT = 0;
export const ATTR_STRING = 2;

/** Namespaces of the name-based UUIDs: the same source name always gets the same DID or UID. */
export const DID_NAMESPACE = 'd876c4d4-8820-4e56-84d5-3b713c5491fd';
export const UID_NAMESPACE = '2e342dc0-3c06-4bed-9a83-4e1440654ce2';
