// Split a SQL script into statements: quotes, identifiers, comments, PostgreSQL dollar quotes,
// BEGIN ... END bodies (triggers, procedures) and MySQL's DELIMITER directive are respected.

export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let delimiter = ';';
  let cur = '';
  let depth = 0; // BEGIN ... END nesting (outside dollar quotes)
  let i = 0;
  const n = script.length;
  // Where something may start that is not plain text: runs of plain text are copied in one piece.
  const specialFor = (d: string) => new RegExp(`[-/'"\x60$A-Za-z\n]|${d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g');
  let special = specialFor(delimiter);
  const word = /[A-Za-z_]+/y;
  const push = () => {
    const s = cur.trim();
    // (each alternative consumes a whole comment, so long dash banners cannot backtrack)
    if (s && !/^(?:--[^\n]*(?:\n|$)|\s|\/\*[\s\S]*?\*\/)*$/.test(s)) out.push(s);
    cur = '';
  };
  while (i < n) {
    const c = script[i]!;
    // DELIMITER directive at line start (mysql client syntax)
    if ((i === 0 || script[i - 1] === '\n') && /^delimiter\s/i.test(script.slice(i, i + 10))) {
      const end = script.indexOf('\n', i);
      const line = script.slice(i, end < 0 ? n : end);
      push();
      delimiter = line.replace(/^delimiter\s+/i, '').trim() || ';';
      special = specialFor(delimiter);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === '-' && script[i + 1] === '-') {
      const end = script.indexOf('\n', i);
      cur += script.slice(i, end < 0 ? n : end + 1);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === '/' && script[i + 1] === '*') {
      const end = script.indexOf('*/', i + 2);
      cur += script.slice(i, end < 0 ? n : end + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < n) {
        if (script[j] === '\\' && c === "'") {
          j += 2;
          continue;
        }
        if (script[j] === c) {
          if (script[j + 1] === c) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      cur += script.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(script.slice(i, i + 64));
      if (m) {
        const tag = m[0];
        const end = script.indexOf(tag, i + tag.length);
        const stop = end < 0 ? n : end + tag.length;
        cur += script.slice(i, stop);
        i = stop;
        continue;
      }
    }
    if (/[A-Za-z]/.test(c) && (i === 0 || !/[A-Za-z0-9_]/.test(script[i - 1]!))) {
      word.lastIndex = i;
      const w = word.exec(script)![0];
      if (delimiter === ';' && w.length <= 5) {
        const u = w.toUpperCase();
        if (u === 'BEGIN' && isBlockBegin(cur)) depth++;
        else if (u === 'CASE' && depth > 0) depth++;
        else if (u === 'END' && depth > 0 && !/^\s+(IF|LOOP|WHILE|REPEAT)\b/i.test(script.slice(i + 3, i + 12)))
          depth--;
      }
      cur += w;
      i += w.length;
      continue;
    }
    if (script.startsWith(delimiter, i) && depth === 0) {
      push();
      i += delimiter.length;
      continue;
    }
    special.lastIndex = i + 1;
    const next = special.exec(script)?.index ?? n;
    cur += script.slice(i, next);
    i = next;
  }
  push();
  return out;
}

// BEGIN opens a block only inside CREATE TRIGGER/PROCEDURE/FUNCTION bodies (not BEGIN; as a transaction).
function isBlockBegin(sofar: string): boolean {
  return /\bCREATE\b[\s\S]*\b(TRIGGER|PROCEDURE|FUNCTION|EVENT)\b/i.test(sofar) && !/\$\$|\bAS\s+'/i.test(sofar);
}
