// What a report holds, apart from how it is rendered (html.ts) and gathered (index.ts).

import type { DialectName } from '../../db/url.js';
import type { Difference } from '../../schema/diff.js';
import type { DoctorReport } from '../doctor.js';
import type { ErdModel } from '../erd/model.js';
import type { TimelineRun } from './history.js';
import type { SetPlan } from './plan.js';

export interface ReportSet {
  set: string;
  state: 'OK' | 'NOK';
  current: string | null;
  head: string | null;
  applied: number;
  pending: number;
  problems: { kind: string; message: string; hint: string; blocking: boolean }[];
}

export interface ReportModel {
  title: string;
  target: string;
  dialect: DialectName;
  generatedAt: string;
  sets: ReportSet[];
  history: TimelineRun[];
  drift: { differences: Difference[]; unmodelled: string[] };
  doctor: DoctorReport;
  plans: SetPlan[];
  diagram: { svg: string; model: ErdModel };
}
