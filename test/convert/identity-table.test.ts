import { describe, expect, it } from 'vitest';
import { CREDENTIAL, IdentityTable, URI } from '../../src/convert/ser/identity-table.js';

// Lower rank is better: flag 1 "disabled" ranks after everything else.
const table = () => new IdentityTable((flags) => (flags & 1 ? 1 : 0));

describe('the identity table (every credential and URI, by user name)', () => {
  it('answers by name, kind and scope, the best row first, the smaller value on a tie', () => {
    const t = table();
    t.add('alice', CREDENTIAL, 'iptel.org', 'uid-b', 0);
    t.add('alice', CREDENTIAL, 'iptel.org', 'uid-a', 0);
    t.add('alice', CREDENTIAL, 'foo.bar', 'uid-c', 1);
    t.add('alice', URI, 'did-1', 'uid-z', 1);
    t.add('alice', URI, 'did-1', 'uid-y', 0);
    t.add('bob', URI, 'did-1', 'uid-bob', 2);
    t.seal();
    const alice = t.find('alice');
    expect(alice).toBeGreaterThanOrEqual(0);
    expect(t.best(alice, CREDENTIAL, 'iptel.org')).toBe('uid-a');
    expect(t.best(alice, CREDENTIAL, 'foo.bar')).toBe('uid-c');
    expect(t.best(alice, CREDENTIAL, 'did-1')).toBeUndefined(); // a DID is no realm
    expect(t.best(alice, URI, 'did-1')).toBe('uid-y');
    expect(t.best(alice, URI, 'did-2')).toBeUndefined();
    // rows whose flags lack what is asked for do not answer
    expect(t.best(t.find('bob'), URI, 'did-1', 2)).toBe('uid-bob');
    expect(t.best(alice, URI, 'did-1', 2)).toBeUndefined();
    expect(t.find('carol')).toBe(-1);
    expect(t.find('alic')).toBe(-1);
    expect(t.find('alicee')).toBe(-1);
  });

  it('says whether all of a name’s rows of a kind agree, and whether a row holds a value', () => {
    const t = table();
    t.add('one', CREDENTIAL, 'a', 'u1', 0);
    t.add('one', CREDENTIAL, 'b', 'u1', 0);
    t.add('one', URI, 'd', 'u2', 4);
    t.add('two', CREDENTIAL, 'a', 'u1', 0);
    t.add('two', CREDENTIAL, 'b', 'u3', 0);
    t.seal();
    expect(t.sole(t.find('one'), CREDENTIAL)).toBe('u1');
    expect(t.sole(t.find('two'), CREDENTIAL)).toBeUndefined();
    expect(t.sole(t.find('two'), URI)).toBeUndefined();
    expect(t.has(t.find('one'), URI, 'd', 4, 'u2')).toBe(true);
    expect(t.has(t.find('one'), URI, 'd', 4, 'u1')).toBe(false);
    expect(t.has(t.find('one'), URI, 'd', 8, 'u2')).toBe(false);
  });

  it('keeps names and values that are not ASCII, and tells apart names of equal bytes but not text', () => {
    const t = table();
    t.add('jürgen', CREDENTIAL, 'müller.de', 'uid-ü', 0);
    t.add('日本', URI, 'did', 'ユーザー', 0);
    t.add('jurgen', CREDENTIAL, 'müller.de', 'uid-u', 0);
    t.seal();
    expect(t.best(t.find('jürgen'), CREDENTIAL, 'müller.de')).toBe('uid-ü');
    expect(t.best(t.find('jurgen'), CREDENTIAL, 'müller.de')).toBe('uid-u');
    expect(t.best(t.find('日本'), URI, 'did')).toBe('ユーザー');
    expect(t.find('日')).toBe(-1);
    expect(t.find('jürgenx')).toBe(-1);
  });

  it('finds every one of many names, colliding slots included', () => {
    const t = table();
    const n = 50_000;
    for (let i = 0; i < n; i++) t.add(`user${i}`, CREDENTIAL, `d${i % 7}`, `uid-${i}`, 0);
    for (let i = 0; i < n; i += 3) t.add(`user${i}`, URI, 'did', `uid-${i}`, 0);
    t.seal();
    for (let i = 0; i < n; i++) {
      const rec = t.find(`user${i}`);
      expect(t.best(rec, CREDENTIAL, `d${i % 7}`)).toBe(`uid-${i}`);
      expect(t.best(rec, URI, 'did')).toBe(i % 3 ? undefined : `uid-${i}`);
      expect(t.sole(rec, CREDENTIAL)).toBe(`uid-${i}`);
    }
    expect(t.find(`user${n}`)).toBe(-1);
  });
});
