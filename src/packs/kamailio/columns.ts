// Kamailio's column types, spelled per dialect exactly as its XSL generators
// (doc/stylesheets/dbschema_k/xsl/db_{postgres,mysql,sqlite}.xsl) write them, so a database
// voipdb creates reads back from the catalog the same as one `kamdbctl create` made.

import { col, t } from '../../schema/operations.js';
import type { Column, ColumnType, DefaultValue } from '../../schema/types.js';

/** A type spelled per dialect as Kamailio's scripts spell it. */
export const k = (postgres: string, mysql: string, sqlite: string): ColumnType => t.custom({ postgres, mysql, sqlite });
const DATETIME = k('TIMESTAMP WITHOUT TIME ZONE', 'DATETIME', 'TIMESTAMP WITHOUT TIME ZONE');

/** Kamailio's types by their XML schema names (int, unsigned int, datetime, ...). */
export const KT = {
  int: t.integer(),
  int1: k('INTEGER', 'INT(1)', 'INTEGER'),
  int10: k('INTEGER', 'INT(10)', 'INTEGER'),
  uint: k('INTEGER', 'INT UNSIGNED', 'INTEGER'),
  uint11: k('INTEGER', 'INT(11) UNSIGNED', 'INTEGER'),
  smallint: k('SMALLINT', 'SMALLINT', 'SMALLINT'),
  smallint10: k('SMALLINT', 'SMALLINT(10)', 'SMALLINT'),
  usmallint: k('SMALLINT', 'SMALLINT UNSIGNED', 'SMALLINT'),
  utinyint: k('SMALLINT', 'TINYINT UNSIGNED', 'SMALLINT'),
  tinyint1: k('SMALLINT', 'TINYINT(1)', 'SMALLINT'),
  datetime: DATETIME,
  text: t.text(),
  mediumtext: k('TEXT', 'MEDIUMTEXT', 'TEXT'),
  blob: k('BYTEA', 'BLOB', 'BLOB'),
  mediumblob: k('BYTEA', 'MEDIUMBLOB', 'BLOB'),
  float: k('REAL', 'FLOAT', 'REAL'),
  float102: k('REAL', 'FLOAT(10,2)', 'REAL'),
  float103: k('REAL', 'FLOAT(10,3)', 'REAL'),
} as const;

export const vc = (n: number): ColumnType => t.string(n);

/**
 * Every Kamailio table's key: `id SERIAL` / `INT(10) UNSIGNED AUTO_INCREMENT` / `INTEGER`,
 * PRIMARY KEY NOT NULL. (On SQLite Kamailio uses the plain rowid, without AUTOINCREMENT:
 * createTables drops the flag there, see `plainRowidKey`.)
 */
export const id = (name = 'id'): Column =>
  col(name, t.integer({ unsigned: true }), { nullable: false, primaryKey: true, autoIncrement: true });

/** ims_icscf's key (6.0's scripts; 5.8's too): signed on MySQL, `INT(10) AUTO_INCREMENT`. */
export const signedId = (name = 'id'): Column =>
  col(name, k('SERIAL', 'INT(10)', 'INTEGER'), { nullable: false, primaryKey: true, autoIncrement: true });

export const nn = (name: string, type: ColumnType, def?: DefaultValue): Column =>
  col(name, type, def ? { nullable: false, default: def } : { nullable: false });
export const nul = (name: string, type: ColumnType, def?: DefaultValue): Column =>
  col(name, type, def ? { default: def } : {});
