/**
 * What a caller may do next, as the screens show it: `allowed: [{action, label}]` on a cycle and a
 * sheet, and the capabilities of a role (GET /me). The deciders stay the judges; these lists only
 * say which buttons to offer, from the same statuses.
 */
import type { Actor } from '../../events/event';
import type { CycleStatus, SheetStatus } from '../../events/vocabulary';

export const SHEET_ACTIONS = ['save', 'submit', 'withdraw', 'approve', 'return', 'reopen'] as const;
export const CYCLE_ACTIONS = ['open', 'putToCouncil', 'recordOpinion', 'conclude', 'publish', 'correct'] as const;
export type SheetActionName = (typeof SHEET_ACTIONS)[number];
export type CycleActionName = (typeof CYCLE_ACTIONS)[number];

export const ACTION_LABELS: Readonly<Record<SheetActionName | CycleActionName, string>> = {
  save: '保存',
  submit: '提出',
  withdraw: '提出の取下げ',
  approve: '承認',
  return: '差戻し',
  reopen: '承認の取消し（再開）',
  open: '照会開始',
  putToCouncil: '審議会へ付議',
  recordOpinion: '意見の記録',
  conclude: '審議結果の記録',
  publish: '公表',
  correct: '訂正',
};

export interface AllowedAction {
  action: SheetActionName | CycleActionName;
  label: string;
}

const labelled = (actions: (SheetActionName | CycleActionName)[]): AllowedAction[] => actions.map((action) => ({ action, label: ACTION_LABELS[action] }));

/** The cycle statuses in which departments still save and submit. */
export const SHEETS_OPEN: readonly CycleStatus[] = ['collecting', 'sentBack'];
/** Before the report goes to the council: an approval may be reopened. */
export const BEFORE_COUNCIL: readonly CycleStatus[] = ['collecting', 'readyForCouncil'];

export function allowedSheetActions(actor: Actor, departments: readonly string[], sheet: SheetStatus, cycle: CycleStatus): AllowedAction[] {
  const actions: SheetActionName[] = [];
  if (actor.role === 'department' && actor.department && departments.includes(actor.department) && SHEETS_OPEN.includes(cycle)) {
    if (sheet === 'notStarted' || sheet === 'draft' || sheet === 'returned') actions.push('save');
    if (sheet === 'draft' || sheet === 'returned') actions.push('submit');
    if (sheet === 'submitted') actions.push('withdraw');
  }
  if (actor.role === 'secretariat' && cycle !== 'none') {
    if (sheet === 'submitted') actions.push('approve', 'return');
    if (sheet === 'approved' && BEFORE_COUNCIL.includes(cycle)) actions.push('reopen');
    if (sheet === 'approved' && cycle === 'sentBack') actions.push('return');
  }
  return labelled(actions);
}

export function allowedCycleActions(actor: Actor, cycle: CycleStatus, pendingSheets: number): AllowedAction[] {
  if (actor.role !== 'secretariat') return [];
  const actions: CycleActionName[] = [];
  if (cycle === 'none') actions.push('open');
  if (cycle === 'readyForCouncil' || (cycle === 'sentBack' && pendingSheets === 0)) actions.push('putToCouncil');
  if (cycle === 'atCouncil') actions.push('recordOpinion', 'conclude');
  if (cycle === 'concluded') actions.push('publish');
  if (cycle === 'published') actions.push('correct');
  return labelled(actions);
}

export const CAPABILITIES = [
  'plans.manage',
  'cycles.manage',
  'sheets.edit',
  'sheets.review',
  'council.read',
  'reports.publish',
  'admin.users',
  'admin.audit',
  'admin.rebuild',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const ROLE_CAPABILITIES: Readonly<Record<Actor['role'], Capability[]>> = {
  department: ['sheets.edit'],
  secretariat: ['plans.manage', 'cycles.manage', 'sheets.review', 'council.read', 'reports.publish'],
  council: ['council.read'],
  admin: ['admin.users', 'admin.audit', 'admin.rebuild'],
  system: [],
};

/** What a role may do in general (GET /me): the screens show or hide whole areas by it. */
export function capabilitiesOf(role: Actor['role']): Capability[] {
  return [...(ROLE_CAPABILITIES[role] ?? [])];
}
