// voipdb as a library: the CLI is a thin front over these exports.

export { VoipdbError, ExitCode, isVoipdbError } from './core/errors.js';
export type { ErrorKind } from './core/errors.js';
export type { VoipdbEvent, EventSink } from './core/events.js';
export { redact } from './core/redact.js';
export { parseTarget, targetUrl } from './db/url.js';
export type { Target, DialectName, DriverName } from './db/url.js';
export { connect } from './db/connect.js';
export type { Connection, Row } from './db/connection.js';
export { dialectOf } from './dialect/index.js';
export type { Dialect } from './dialect/index.js';

export {
  upgrade,
  downgrade,
  stamp,
  repair,
  status,
  heads,
  readSetHistory,
  readSetOptions,
  renderSql,
} from './engine/index.js';
export { waitForReplicas, runLockHolder, topologyOf } from './engine/index.js';
export type { ReplicaWait } from './engine/index.js';
export type { Topology, GaleraInfo, StandbyInfo, PoolerInfo } from './db/topology.js';
export { describeTopology } from './db/topology.js';
export type { EngineOptions, RunResult, SetState, Problem, StepResult, HistoryRow } from './engine/index.js';
export type { Migration, MigrationBody, MigrationContext, ScriptSet, Pack, VersionRecord } from './engine/types.js';
export { check } from './engine/check.js';
export { driftBySet, driftOfDatabase } from './engine/drift.js';
export { loadDirectorySet, detectConvention } from './engine/sources.js';
export { checksum } from './engine/checksum.js';

export { Ops, t, col, value, expr } from './schema/operations.js';
export type { Operation } from './schema/operations.js';
export type * from './schema/types.js';
export { renderOperations } from './schema/render/index.js';
export { introspect } from './schema/introspect/index.js';
export { diffModels } from './schema/diff.js';

export { loadPack, packNames } from './packs/index.js';

export { fleetTargets } from './ops/fleet/targets.js';
export type { FleetTarget, FleetSources, FleetPack } from './ops/fleet/targets.js';
export { runFleet, fleetUpgrade, fleetCheck, fleetStatus, fleetSql } from './ops/fleet/run.js';
export type { FleetOptions } from './ops/fleet/run.js';
export type { FleetCommand, FleetEvent, FleetSummary, TargetResult, Outcome } from './ops/fleet/types.js';

export { erd, erdModel, diagramModel, renderErd, ERD_FORMATS } from './ops/erd/index.js';
export type {
  ErdOptions,
  ErdResult,
  ErdFormat,
  ErdModel,
  ErdTable,
  ErdColumn,
  ErdLink,
  ErdGroup,
  DriftMark,
} from './ops/erd/index.js';
export { report } from './ops/report/index.js';
export { fleetReport } from './ops/report/fleet.js';
export type { FleetReportModel, FleetReportOptions } from './ops/report/fleet.js';
export type {
  ReportModel,
  ReportOptions,
  ReportResult,
  ReportSet,
  TimelineRun,
  TimelineStep,
  SetPlan,
  PlannedStep,
  LockWarning,
} from './ops/report/index.js';
export type { LogicalRelation } from './engine/types.js';

// Every CLI command as a function taking a target and options, returning a result object:
// `import { commands } from 'voipdb'` (or `from 'voipdb/commands'`), then `commands.upgrade(url, { packs: ['asterisk'] })`.
export * as commands from './commands/index.js';
export { renderScript } from './engine/offline.js';
export type { OfflineOptions, OfflineScript } from './engine/offline.js';
