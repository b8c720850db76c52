// Every command of the CLI as a library function: a target (URL, Target or Connection) and
// options in, a result object out. The CLI's command files turn argv into these calls and the
// results into text or JSON; a program calls them the same way (README "Library"). One file per
// command or concern; this one only re-exports.

export { withTarget, targetOf, type TargetLike, type WithTargetOptions } from './target.js';
export { resolveSets, requireSets, type SetChoice } from './sets.js';
export type { SetsOptions } from './hooks.js';

export { init, type InitOptions, type InitResult, type CreateDatabaseChoice } from './init.js';
export {
  upgrade,
  downgrade,
  stamp,
  repair,
  sql,
  type UpgradeOptions,
  type UpgradeResult,
  type SqlOptions,
  type SqlResult,
} from './migrations.js';
export { check, status, history, heads, diff, type CheckResult, type StatusResult } from './state.js';
export { adopt, type AdoptResult } from './adopt.js';
export { newMigration, newMigration as new, type NewOptions } from './new-migration.js';
export { packs, type PackInfo } from './packs.js';
export { groupSettings, type GroupChoice } from './groups.js';
export { backup, restore, type BackupResult, type RestoreResult } from './backup.js';
export {
  replicate,
  type ReplicateRequest,
  type ReplicateResult,
  type LogicalResult,
  type LogicalStatus,
} from './replicate.js';
export { merge, type MergeObject, type MergeResult } from './merge.js';
export { estimate, type Estimate, type EstimateOptions, type Prediction } from './estimate.js';
export {
  online,
  type OnlineRequest,
  type AheadRequest,
  type PrimaryKeyRequest,
  type ColumnRequest,
  type AheadResult,
  type ColumnResult,
  type OnlineResult,
} from './online.js';
export { prune, type PruneOptions, type PruneResult } from './prune.js';
export { grants, type GrantsOptions, type GrantsResult, type ApplyResult, type PasswordSources } from './grants.js';
export { odbc, formatOdbcConfig, type OdbcRequest, type OdbcConfig } from './odbc.js';
export { squash, type SquashResult } from './squash.js';
export { convert, converterNames, DEFAULT_BATCH_SIZE, type ConvertSummary } from './convert.js';
export { doctor, type DoctorReport } from './doctor.js';
export { erd, report, fleetReport, ERD_FORMATS, type ErdResult, type ReportResult } from './erd.js';
export {
  fleet,
  FLEET_COMMANDS,
  type FleetCommand,
  type FleetEvent,
  type FleetOptions,
  type FleetPack,
  type FleetSources,
  type FleetSummary,
  type TargetResult,
} from './fleet.js';

export type { EventSink } from '../core/events.js';
export type { SetState } from '../engine/planner.js';
export type { RunResult, EngineOptions } from '../engine/commands.js';
export type { OfflineScript } from '../engine/offline.js';
export type { HistoryRow } from '../engine/history.js';
export type { Convention } from '../engine/sources.js';
export type { Detected } from '../engine/types.js';
export type { ReplicaWait } from '../engine/replicas.js';
export type { InFlightChoice } from '../engine/resume.js';
