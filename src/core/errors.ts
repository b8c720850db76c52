// Every failure voipdb reports is a VoipdbError: one line saying what went wrong and where,
// a hint naming the next command to run, and a stable exit code (documented in the README).

export const ExitCode = {
  ok: 0,
  /** check/diff/status found something not up to date (not an error). */
  notUpToDate: 1,
  usage: 2,
  connection: 3,
  driver: 4,
  lockTimeout: 5,
  migrationFailed: 6,
  integrity: 7,
  dataLoss: 8,
  refused: 9,
  internal: 10,
  /** fleet: some targets failed or were not run. */
  fleetFailed: 11,
  /** The login worked but the role lacks a privilege (a grant on a table, CREATEDB). */
  permission: 12,
  /** Stopped by SIGINT (Ctrl-C) / SIGTERM after finishing the statement in flight. */
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorKind =
  | 'usage'
  | 'bad-url'
  | 'unreachable'
  | 'login-refused'
  | 'missing-database'
  | 'connection-lost'
  | 'interrupted'
  | 'terminated'
  | 'missing-driver'
  | 'lock-timeout'
  | 'migration-failed'
  | 'integrity'
  | 'data-loss'
  | 'refused'
  | 'not-found'
  | 'permission'
  | 'internal';

const exitFor: Record<ErrorKind, ExitCodeValue> = {
  usage: ExitCode.usage,
  'bad-url': ExitCode.usage,
  'not-found': ExitCode.usage,
  unreachable: ExitCode.connection,
  'login-refused': ExitCode.connection,
  'missing-database': ExitCode.connection,
  'connection-lost': ExitCode.connection,
  interrupted: ExitCode.interrupted,
  terminated: ExitCode.terminated,
  'missing-driver': ExitCode.driver,
  'lock-timeout': ExitCode.lockTimeout,
  'migration-failed': ExitCode.migrationFailed,
  integrity: ExitCode.integrity,
  'data-loss': ExitCode.dataLoss,
  refused: ExitCode.refused,
  permission: ExitCode.permission,
  internal: ExitCode.internal,
};

export interface ErrorDetails {
  /** Where: a target (redacted), a set, a migration, a statement number... */
  where?: string;
  /** The next command to run. */
  hint?: string;
  cause?: unknown;
  [key: string]: unknown;
}

export class VoipdbError extends Error {
  readonly kind: ErrorKind;
  readonly exitCode: ExitCodeValue;
  readonly where?: string;
  readonly hint?: string;
  readonly details: ErrorDetails;

  constructor(kind: ErrorKind, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'VoipdbError';
    this.kind = kind;
    this.exitCode = exitFor[kind];
    this.where = details.where;
    this.hint = details.hint;
    this.details = details;
  }

  /** The one line shown to people. */
  line(): string {
    const parts = [this.message];
    if (this.where) parts[0] = `${this.where}: ${this.message}`;
    if (this.hint) parts.push(`next: ${this.hint}`);
    return parts.join(' — ');
  }

  toJSON() {
    return { error: this.kind, exitCode: this.exitCode, message: this.message, where: this.where, hint: this.hint };
  }
}

export function isVoipdbError(e: unknown): e is VoipdbError {
  return e instanceof VoipdbError;
}
