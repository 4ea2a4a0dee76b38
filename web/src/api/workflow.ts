/**
 * The workflow's read and write routes as the screens use them (API-CONTRACT.md): plans, cycles,
 * one sheet with its history, and the commands on them. Every write refreshes what it changed.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CouncilResolution, CycleStatus, Implementation, IndicatorDirection, Rating, SheetStatus } from '../../../events/vocabulary';
import { api } from '../api';

export type IndicatorValue = number | string;

export interface Allowed {
  action: string;
  label: string;
}

export interface PlanListEntry {
  planId: string;
  municipality: string;
  title: string;
  period: { from: number; to: number };
  status: 'draft' | 'adopted';
  statusLabel: string;
  cycles: { fiscalYear: number; fiscalYearLabel: string; status: CycleStatus; statusLabel: string }[];
}

export interface CycleSheetRow {
  itemId: string;
  label: string;
  title: string;
  departments: string[];
  status: SheetStatus;
  statusLabel: string;
  overdue: boolean;
  submittedAt?: string;
  approvedAt?: string;
  waitingSince?: string;
  ratingMismatch: boolean;
}

export interface Cycle {
  planId: string;
  fiscalYear: number;
  fiscalYearLabel: string;
  status: CycleStatus;
  statusLabel: string;
  dueDate: string;
  overdue: number;
  counts: { byStatus: Partial<Record<SheetStatus, number>>; byDepartment: Record<string, Partial<Record<SheetStatus, number>>> };
  sheets: CycleSheetRow[];
  council?: { meetingName: string; meetingDate: string; opinions: { member?: string; text: string; at: string }[]; resolution?: CouncilResolution; resolutionLabel?: string };
  publications: { revision: number; at: string; reason?: string }[];
  allowed: Allowed[];
}

export interface RatingTexts {
  progress?: string;
  achievement?: string;
}

export interface SheetDraft {
  progress?: Rating;
  achievement?: Rating;
  implementation?: Implementation;
  activities?: string;
  effects?: string;
  reasons?: RatingTexts | string;
  measures?: RatingTexts | string;
  actuals?: Record<string, IndicatorValue>;
  nextYear?: { issues: string; plan: string };
}

export interface SheetIndicator {
  id: string;
  name: string;
  unit: string;
  direction: IndicatorDirection;
  baseline?: IndicatorValue;
  target?: IndicatorValue;
  targets: Record<string, IndicatorValue>;
  actuals: Record<string, IndicatorValue>;
}

export interface SheetHistoryEntry {
  type: string;
  label: string;
  at: string;
  by: string;
  byName?: string;
  comment?: string;
}

export interface FieldChange {
  field: string;
  label: string;
  before: unknown;
  after: unknown;
}

export interface Sheet {
  planId: string;
  fiscalYear: number;
  fiscalYearLabel: string;
  item: { id: string; label: string; title: string; departments: string[]; path: string[]; activities: { name: string; schedule: Record<string, string> }[]; indicators: SheetIndicator[] };
  status: SheetStatus;
  statusLabel: string;
  revision: number;
  draft: SheetDraft;
  history: SheetHistoryEntry[];
  returns: { comment: string; by: string; at: string }[];
  previousYear?: { fiscalYear: number; fiscalYearLabel: string; status: string; content: SheetDraft };
  changesSinceSubmission: FieldChange[];
  /** Since last year's sheet, when the API gives it. */
  changesSincePreviousYear?: FieldChange[];
  suggestedAchievement?: Rating;
  ratingMismatch: boolean;
  rules: { required: string[] };
  allowed: Allowed[];
}

const enc = encodeURIComponent;
export const cyclePath = (planId: string, fy: number) => `/plans/${enc(planId)}/cycles/${fy}`;
export const sheetPath = (planId: string, fy: number, itemId: string) => `${cyclePath(planId, fy)}/items/${enc(itemId)}`;

export const PLANS_KEY = ['plans'] as const;
const cycleKey = (planId: string, fy: number) => ['cycle', planId, fy] as const;
const sheetKey = (planId: string, fy: number, itemId: string) => ['sheet', planId, fy, itemId] as const;

export const usePlans = () => useQuery({ queryKey: PLANS_KEY, queryFn: () => api<PlanListEntry[]>('GET', '/plans') });

export const useCycle = (planId: string, fy: number) => useQuery({ queryKey: cycleKey(planId, fy), queryFn: () => api<Cycle>('GET', cyclePath(planId, fy)), retry: false });

export const useSheet = (planId: string, fy: number, itemId: string) =>
  useQuery({ queryKey: sheetKey(planId, fy, itemId), queryFn: () => api<Sheet>('GET', sheetPath(planId, fy, itemId)), retry: false, refetchOnWindowFocus: false });

/** After any write on a plan: its cycles, sheets, the queue and the plan list are stale. */
function useRefresh() {
  const client = useQueryClient();
  return (planId: string) =>
    Promise.all([
      client.invalidateQueries({ queryKey: PLANS_KEY }),
      client.invalidateQueries({ queryKey: ['cycle', planId] }),
      client.invalidateQueries({ queryKey: ['sheet', planId] }),
      client.invalidateQueries({ queryKey: ['plan', planId] }),
      client.invalidateQueries({ queryKey: ['review-queue'] }),
    ]);
}

export interface SheetRef {
  planId: string;
  fiscalYear: number;
  itemId: string;
}

/** 一時保存: PATCH with the fields of the form, guarded by the revision the form was loaded at (a 409 carries the other version). */
export function useSaveSheet() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ planId, fiscalYear, itemId, draft, revision }: SheetRef & { draft: SheetDraft; revision?: number }) =>
      api<{ revision?: number }>('PATCH', sheetPath(planId, fiscalYear, itemId), draft, revision === undefined ? {} : { 'If-Match': String(revision) }),
    onSuccess: (_r, v) => refresh(v.planId),
  });
}

export type SheetCommand = 'submit' | 'withdraw' | 'approve' | 'return' | 'reopen';

export function useSheetCommand() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ planId, fiscalYear, itemId, command, comment }: SheetRef & { command: SheetCommand; comment?: string }) =>
      api<{ revision?: number } | undefined>('POST', `${sheetPath(planId, fiscalYear, itemId)}/${command}`, comment === undefined ? (command === 'submit' || command === 'approve' ? undefined : {}) : { comment }),
    onSuccess: (_r, v) => refresh(v.planId),
  });
}

export type CycleCommand =
  | { kind: 'open'; dueDate: string }
  | { kind: 'council'; meetingDate: string; meetingName: string }
  | { kind: 'opinion'; member?: string; text: string }
  | { kind: 'conclude'; resolution: CouncilResolution }
  | { kind: 'publish' }
  | { kind: 'revise'; reason: string; corrections: { itemId: string; changes: SheetDraft }[] };

export function useCycleCommand() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ planId, fiscalYear, command }: { planId: string; fiscalYear: number; command: CycleCommand }) => {
      const base = cyclePath(planId, fiscalYear);
      switch (command.kind) {
        case 'open':
          return api<unknown>('POST', `/plans/${enc(planId)}/cycles`, { fiscalYear, dueDate: command.dueDate });
        case 'council':
          return api<unknown>('POST', `${base}/council`, { meetingDate: command.meetingDate, meetingName: command.meetingName });
        case 'opinion':
          return api<unknown>('POST', `${base}/council/opinions`, command.member ? { member: command.member, text: command.text } : { text: command.text });
        case 'conclude':
          return api<unknown>('POST', `${base}/council/conclude`, { resolution: command.resolution });
        case 'publish':
          return api<unknown>('POST', `${base}/publish`);
        case 'revise':
          return api<unknown>('POST', `${base}/revisions`, { reason: command.reason, corrections: command.corrections });
        default: {
          const never: never = command;
          throw new Error(`unknown command ${JSON.stringify(never)}`);
        }
      }
    },
    onSuccess: (_r, v) => refresh(v.planId),
  });
}
