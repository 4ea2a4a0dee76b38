/**
 * The Excel round trip from the browser: download a department's workbook, upload it filled in
 * (multipart, field "file"). A refused upload comes back with its list of errors by sheet and cell.
 */
import { csrfHeaders } from './api';

export interface WorkbookError {
  sheet?: string;
  cell?: string;
  field?: string;
  code: string;
  message: string;
}

export interface WorkbookConflict {
  sheet: string;
  itemId: string;
  message: string;
  changes: string[];
}

export interface WorkbookImportResult {
  sheets: { sheet: string; itemId: string; outcome: 'saved' | 'unchanged' | 'duplicate' | 'skipped'; submitted: boolean; status: string }[];
  appended: number;
}

/** A refused upload: the whole message, and the errors and conflicts to list. */
export class WorkbookRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: WorkbookError[],
    readonly conflicts: WorkbookConflict[],
  ) {
    super(message);
    this.name = 'WorkbookRefused';
  }
}

const cyclePath = (planId: string, fiscalYear: number) => `/plans/${encodeURIComponent(planId)}/cycles/${fiscalYear}/workbook`;

export async function downloadWorkbook(planId: string, fiscalYear: number, department?: string): Promise<{ blob: Blob; fileName: string }> {
  const query = department ? `?department=${encodeURIComponent(department)}` : '';
  const response = await fetch(cyclePath(planId, fiscalYear) + query, { credentials: 'same-origin' }).catch(() => undefined);
  if (!response) throw new WorkbookRefused(0, 'サーバーに接続できません。ネットワークを確認して、もう一度お試しください。', [], []);
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new WorkbookRefused(response.status, body.message ?? `ダウンロードできませんでした（${response.status}）。`, [], []);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  return { blob: await response.blob(), fileName: encoded ? decodeURIComponent(encoded) : `sheets-${fiscalYear}.xlsx` };
}

export async function uploadWorkbook(planId: string, fiscalYear: number, file: File, submit: boolean): Promise<WorkbookImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(`${cyclePath(planId, fiscalYear)}${submit ? '?submit=true' : ''}`, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json', ...csrfHeaders() }, body: form }).catch(() => undefined);
  if (!response) throw new WorkbookRefused(0, 'サーバーに接続できません。ネットワークを確認して、もう一度お試しください。', [], []);
  const body = (await response.json().catch(() => ({}))) as Partial<WorkbookImportResult> & { message?: string; errors?: WorkbookError[]; conflicts?: WorkbookConflict[] };
  if (!response.ok) throw new WorkbookRefused(response.status, body.message ?? `取り込めませんでした（${response.status}）。`, body.errors ?? [], body.conflicts ?? []);
  return body as WorkbookImportResult;
}
