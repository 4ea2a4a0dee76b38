import { useQuery } from '@tanstack/react-query';
import type { AuditRow } from '../../../../modules/admin/audit';
import { api } from '../../api';

/** One row of GET /admin/plans/:planId/audit: the API's own type. */
export type { AuditRow };

export interface AuditFilters {
  type?: string;
  actor?: string;
  department?: string;
  /** ISO date-times. */
  from?: string;
  to?: string;
}

/** The query string of the audit with these filters (empty ones left out), for JSON and for the CSV download alike. */
export function auditQuery(filters: AuditFilters, format?: 'csv'): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (format) params.set('format', format);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const auditPath = (planId: string, filters: AuditFilters = {}, format?: 'csv') => `/admin/plans/${encodeURIComponent(planId)}/audit${auditQuery(filters, format)}`;

export function useAudit(planId: string | undefined, filters: AuditFilters = {}) {
  return useQuery({
    queryKey: ['admin', 'audit', planId, filters],
    queryFn: () => api<{ planId: string; count: number; rows: AuditRow[] }>('GET', auditPath(planId!, filters)),
    enabled: !!planId,
    retry: false,
  });
}

/** An event as GET /admin/streams/:streamId gives it. */
export interface StreamEvent {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  type: string;
  timestamp: string;
  data: unknown;
  metadata: { actor?: { sub: string; role: string; department?: string; name?: string }; requestId?: string; correlationId?: string; causationId?: string; schemaVersion?: number };
}

export interface StreamPage {
  streamId: string;
  events: StreamEvent[];
  nextRevision: number | null;
}

export const streamPage = (streamId: string, fromRevision = 0) => api<StreamPage>('GET', `/admin/streams/${encodeURIComponent(streamId)}?fromRevision=${fromRevision}&limit=200`);

export interface ProjectionStatus {
  projection: string;
  version: number;
  generation: number;
  checkpoint: number;
}

export const useProjections = () =>
  useQuery({ queryKey: ['admin', 'projections'], queryFn: () => api<{ headPosition: number; projections: ProjectionStatus[] }>('GET', '/admin/projections') });

export interface JobStatus {
  jobId: string;
  state: 'waiting' | 'running' | 'completed' | 'failed';
  projections: string[];
  requestedBy: string;
  requestedAt: string;
  progress: { done: number; total: number; ratePerSecond: number; projection?: string };
  error?: string;
}

export function useJob(jobId: string | undefined) {
  return useQuery({
    queryKey: ['admin', 'job', jobId],
    queryFn: () => api<JobStatus>('GET', `/admin/jobs/${encodeURIComponent(jobId!)}`),
    enabled: !!jobId,
    refetchInterval: (query) => (query.state.data && (query.state.data.state === 'completed' || query.state.data.state === 'failed') ? false : 400),
  });
}

export const startRebuild = (projections?: string[]) => api<{ jobId: string; projections: string[] }>('POST', '/admin/projections/rebuild', projections?.length ? { projections } : {});
