// Repeatable scripts (views, functions, procedures, triggers) are dropped before the versioned
// steps and recreated after them, so a versioned step can change what they depend on.

import type { Dialect, ObjectKind } from '../dialect/index.js';
import type { Statement } from '../schema/render/index.js';

export interface ObjectRef {
  kind: ObjectKind;
  name: string;
  table?: string;
}

const CREATE =
  /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:ALGORITHM\s*=\s*\w+\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:SQL\s+SECURITY\s+\w+\s+)?(?:TEMP(?:ORARY)?\s+)?(VIEW|FUNCTION|PROCEDURE|TRIGGER)\s+(?:IF\s+NOT\s+EXISTS\s+)?([`"\w.]+)/i;

export function objectsCreatedBy(statements: Statement[]): ObjectRef[] {
  const out: ObjectRef[] = [];
  for (const s of statements) {
    const m = CREATE.exec(s.sql.replace(/^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, ''));
    if (!m) continue;
    const kind = m[1]!.toLowerCase() as ObjectKind;
    const ref: ObjectRef = { kind, name: m[2]! };
    if (kind === 'trigger') ref.table = /\bON\s+([`"\w.]+)/i.exec(s.sql)?.[1];
    out.push(ref);
  }
  return out;
}

export function dropStatements(dialect: Dialect, objects: ObjectRef[]): Statement[] {
  return [...objects].reverse().map((o) => ({ sql: dialect.dropObject(o.kind, o.name, o.table), transactional: true }));
}
