// The engine's public face: what the rest of voipdb and the package export use. Each concern
// lives in its own file; this one only re-exports.

export type { Migration, ScriptSet, Pack, VersionRecord, MigrationBody, MigrationContext } from './types.js';
export type { SetState, Problem, PlanOptions } from './planner.js';
export type { StepResult, Step } from './runner.js';
export type { HistoryRow } from './history.js';
export type { DialectName } from '../db/url.js';
export type { EngineOptions, RunResult } from './commands.js';
export type { OfflineOptions, OfflineScript } from './offline.js';
export { upgrade, downgrade, stamp, repair, heads } from './commands.js';
export { renderScript, renderSql } from './offline.js';
export { upgradeSteps } from './steps.js';
export { status, readSetHistory, readSetOptions } from './status.js';
export { waitForReplicas, type ReplicaWait } from './replicas.js';
export { runLockHolder } from './lease-lock.js';
export { topologyOf } from './topology.js';
