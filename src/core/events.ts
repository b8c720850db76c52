// The runner and long operations report through events; the CLI turns them into progress
// lines on a terminal, JSON for machines, or nothing in a pipe.

export type VoipdbEvent =
  | { type: 'log'; level: 'info' | 'verbose' | 'debug' | 'warn'; message: string }
  | { type: 'lock-wait'; message: string }
  | { type: 'migration-start'; set: string; version: string; description: string; direction: 'up' | 'down' }
  | {
      type: 'migration-done';
      set: string;
      version: string;
      durationMs: number;
      direction: 'up' | 'down';
      skipped?: boolean;
    }
  | { type: 'statement'; set: string; version: string; index: number; total: number; sql: string }
  | { type: 'progress'; task: string; done: number; total?: number; unit?: string };

export type EventSink = (event: VoipdbEvent) => void;

export const silent: EventSink = () => {};
