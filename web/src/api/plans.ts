/** Building a plan from the screens: draft it, add items and indicators, adopt it (事務局). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PlanIndicator, PlanItem, PlanPeriod } from '../../../events/plan.events';
import type { CycleStatus, IndicatorDirection } from '../../../events/vocabulary';
import { api } from '../api';
import { PLANS_KEY, type IndicatorValue } from './workflow';

/** GET /plans/:planId. */
export interface Plan {
  planId: string;
  municipality: string;
  title: string;
  period: PlanPeriod;
  levels: string[];
  status: 'draft' | 'adopted';
  items: PlanItem[];
  indicators: PlanIndicator[];
  cycles: { fiscalYear: number; status: CycleStatus; dueDate: string }[];
}

export interface NewPlan {
  municipality: string;
  title: string;
  period: PlanPeriod;
  levels: string[];
}

export interface NewItem {
  id: string;
  label?: string;
  title: string;
  path: string[];
  departments: string[];
  content?: string;
  effect?: string;
}

export interface NewIndicator {
  id: string;
  name: string;
  unit: string;
  direction: IndicatorDirection;
  itemId?: string;
  baseline?: IndicatorValue;
  targets?: Record<string, IndicatorValue>;
}

const enc = encodeURIComponent;
const planKey = (planId: string) => ['plan', planId] as const;

export const usePlan = (planId: string | undefined) =>
  useQuery({ queryKey: planKey(planId ?? ''), queryFn: () => api<Plan>('GET', `/plans/${enc(planId!)}`), enabled: !!planId, retry: false });

function usePlanChange<V extends { planId: string }, R>(request: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (_r, v) => Promise.all([client.invalidateQueries({ queryKey: planKey(v.planId) }), client.invalidateQueries({ queryKey: PLANS_KEY })]),
  });
}

export function useCreatePlan() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (plan: NewPlan) => api<{ planId: string }>('POST', '/plans', plan), onSuccess: () => client.invalidateQueries({ queryKey: PLANS_KEY }) });
}
export const useAddItem = () => usePlanChange(({ planId, item }: { planId: string; item: NewItem }) => api<unknown>('POST', `/plans/${enc(planId)}/items`, item));
export const useDefineIndicator = () => usePlanChange(({ planId, indicator }: { planId: string; indicator: NewIndicator }) => api<unknown>('POST', `/plans/${enc(planId)}/indicators`, indicator));
export const useAdoptPlan = () => usePlanChange(({ planId }: { planId: string }) => api<unknown>('POST', `/plans/${enc(planId)}/adopt`));
