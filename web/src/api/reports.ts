/** The secretariat's review queue, the report downloads and the minutes-ready summary. */
import { useQuery } from '@tanstack/react-query';
import type { SheetStatus } from '../../../events/vocabulary';
import { api, ApiError } from '../api';

export interface ReviewQueueRow {
  planId: string;
  fiscalYear: number;
  itemId: string;
  departments: string[];
  state: Exclude<SheetStatus, 'approved'>;
  overdue: boolean;
  dueDate?: string;
  since: string;
  resubmission: boolean;
  lastComment?: string;
  returns: number;
  waitingHours: number;
  /** Given by the read routes when they know them. */
  label?: string;
  title?: string;
  ratingMismatch?: boolean;
}

export interface ReviewQueue {
  counts: { submitted: number; returned: number; overdue: number };
  submitted?: ReviewQueueRow[];
  returned?: ReviewQueueRow[];
  overdue?: ReviewQueueRow[];
}

export const useReviewQueue = (planId?: string, fiscalYear?: number) =>
  useQuery({
    queryKey: ['review-queue', planId ?? '', fiscalYear ?? 0],
    queryFn: () => {
      const query = new URLSearchParams();
      if (planId) query.set('planId', planId);
      if (fiscalYear) query.set('fiscalYear', String(fiscalYear));
      return api<ReviewQueue>('GET', `/review-queue${query.size ? `?${query}` : ''}`);
    },
  });

export const REPORT_FORMATS = [
  { format: 'json', label: 'JSON' },
  { format: 'md', label: 'Markdown' },
  { format: 'html', label: 'HTML' },
  { format: 'xlsx', label: 'Excel' },
  { format: 'pdf', label: 'PDF' },
] as const;

const enc = encodeURIComponent;
export const annualReportUrl = (planId: string, fy: number, format: string) => `/plans/${enc(planId)}/reports/annual/${fy}${format === 'json' ? '' : `?format=${format}`}`;
export const summaryReportUrl = (planId: string, from: number, to: number, format: string) => `/plans/${enc(planId)}/reports/summary?from=${from}&to=${to}${format === 'json' ? '' : `&format=${format}`}`;
export const minutesUrl = (planId: string, fy: number, format: string) => `/plans/${enc(planId)}/cycles/${fy}/minutes-summary${format === 'json' ? '' : `?format=${format}`}`;

/** The minutes-ready summary as text (Markdown or HTML), to read and to copy. */
export const useMinutesText = (planId: string, fy: number, format: 'md' | 'html') =>
  useQuery({
    queryKey: ['minutes', planId, fy, format],
    queryFn: async () => {
      const response = await fetch(minutesUrl(planId, fy, format), { credentials: 'same-origin' });
      if (!response.ok) throw new ApiError(response.status, undefined, response.status === 403 ? 'この要約を見る権限がありません。' : `要約を読み込めませんでした（${response.status}）。`, {});
      return response.text();
    },
  });
