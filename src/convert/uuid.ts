// Name-based UUIDs (RFC 4122 version 5): the same source row always gets the same UID or DID, so a
// resumed run produces exactly what an uninterrupted one does.

import { createHash } from 'node:crypto';

// A few namespaces, each hashed for millions of names: their bytes decoded once.
const namespaces = new Map<string, Buffer>();

function bytes(uuid: string): Buffer {
  let b = namespaces.get(uuid);
  if (!b) namespaces.set(uuid, (b = Buffer.from(uuid.replace(/-/g, ''), 'hex')));
  return b;
}

export function uuidv5(name: string, namespace: string): string {
  const h = createHash('sha1').update(bytes(namespace)).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
