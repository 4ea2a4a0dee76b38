import { useQuery } from '@tanstack/react-query';
import { CYCLE_STATUS_LABELS, type CycleStatus } from '../../../events/vocabulary';
import { api } from '../api';

/** A cycle as the plan lists it (GET /plans/:planId, GET /plans). */
export interface CycleSummary {
  fiscalYear: number;
  fiscalYearLabel?: string;
  status: string;
  statusLabel?: string;
  dueDate?: string;
}

/** GET /plans/:planId, the part these screens use. */
export interface PlanView {
  planId: string;
  municipality: string;
  title: string;
  period: { from: number; to: number };
  status: string;
  cycles: CycleSummary[];
}

/** GET /plans: what the caller may see (the public: plans with a published report). */
export interface PlanListEntry {
  planId: string;
  municipality: string;
  title: string;
  period: { from: number; to: number };
  status: string;
  statusLabel?: string;
  cycles: CycleSummary[];
}

/** Shared with the start screen: the plan last opened in this browser. */
export const LAST_PLAN = 'pdca:last-plan';
export const PLAN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function usePlan(planId: string | undefined) {
  return useQuery({ queryKey: ['plan', planId], queryFn: () => api<PlanView>('GET', `/plans/${encodeURIComponent(planId!)}`), enabled: !!planId, retry: false });
}

export function usePlans() {
  return useQuery({ queryKey: ['plans'], queryFn: () => api<PlanListEntry[]>('GET', '/plans'), retry: false });
}

/** The cycle statuses from which the report has been put to the council (and published). */
export const AT_COUNCIL: readonly string[] = ['atCouncil', 'concluded', 'sentBack', 'published'] satisfies CycleStatus[];
export const cycleStatusLabel = (c: CycleSummary) => c.statusLabel ?? CYCLE_STATUS_LABELS[c.status as CycleStatus] ?? c.status;
export const isPublished = (c: CycleSummary) => c.status === 'published';

export const annualReportPath = (planId: string, fy: number, format: 'html' | 'md' | 'pdf' | 'xlsx' | 'json', asOf?: string) =>
  `/plans/${encodeURIComponent(planId)}/reports/annual/${fy}?format=${format}${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`;
export const summaryPath = (planId: string, format: 'html' | 'md' | 'pdf' | 'xlsx' | 'json', asOf?: string) =>
  `/plans/${encodeURIComponent(planId)}/reports/summary?format=${format}${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`;
