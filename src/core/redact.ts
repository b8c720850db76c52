// Passwords never reach output, logs, errors or history. Every secret voipdb learns (from a URL,
// the environment or a password file) is registered here, and everything written is scrubbed.

const secrets = new Set<string>();

export function registerSecret(secret: string | undefined | null): void {
  if (secret && secret.length >= 1) {
    secrets.add(secret);
    // drivers and URLs may show the percent-encoded form
    const enc = encodeURIComponent(secret);
    if (enc !== secret) secrets.add(enc);
  }
}

/** Replace every known secret, and any password inside a URL, with `***`. */
export function redact(text: string): string {
  let out = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@\s/]*)@/gi, '$1***@');
  for (const s of secrets) {
    if (s.length < 3) {
      // too short to scrub blindly from free text; URL form is handled above
      continue;
    }
    out = out.split(s).join('***');
  }
  return out;
}

export function redactUrl(url: string): string {
  return redact(url);
}
