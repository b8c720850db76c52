// fleet: check, status, upgrade or sql over many targets.

import { VoipdbError } from '../core/errors.js';
import { runFleet, type FleetOptions } from '../ops/fleet/run.js';
import { fleetTargets, type FleetPack, type FleetSources } from '../ops/fleet/targets.js';
import type { FleetCommand, FleetEvent, FleetSummary, TargetResult } from '../ops/fleet/types.js';

export type { FleetCommand, FleetEvent, FleetOptions, FleetPack, FleetSources, FleetSummary, TargetResult };

export const FLEET_COMMANDS: FleetCommand[] = ['check', 'status', 'upgrade', 'sql'];

/**
 * Run `command` over the targets the sources name (an inventory, server patterns, SQLite globs):
 * yields a plan, each target's start and result, then the summary.
 */
export function fleet(command: string, sources: FleetSources, opts: FleetOptions = {}): AsyncGenerator<FleetEvent> {
  if (!FLEET_COMMANDS.includes(command as FleetCommand)) {
    throw new VoipdbError('usage', `unknown fleet command "${command}"`, {
      hint: `voipdb fleet ${FLEET_COMMANDS.join('|')} ...`,
    });
  }
  return run(command as FleetCommand, sources, opts);
}

async function* run(command: FleetCommand, sources: FleetSources, opts: FleetOptions): AsyncGenerator<FleetEvent> {
  yield* runFleet(command, await fleetTargets(sources), opts);
}
