import type { StoredEvent } from '../../src/event-store/event-store.port';

export interface AuditRow {
  position: number;
  at: string;
  type: string;
  streamId: string;
  fiscalYear: number | '';
  itemId: string;
  actor: string;
  role: string;
  department: string;
  requestId: string;
  correlationId: string;
}

/** One row per event: who (actor, role, department), what (type), when, on which item and year, from which request. */
export function auditRows(events: StoredEvent[]): AuditRow[] {
  return events.map((e) => {
    const d = e.data as { fiscalYear?: number; itemId?: string; item?: { id: string }; indicator?: { id: string } };
    return {
      position: e.position,
      at: e.timestamp,
      type: e.type,
      streamId: e.streamId,
      fiscalYear: d.fiscalYear ?? '',
      itemId: d.itemId ?? d.item?.id ?? '',
      actor: e.metadata.actor?.sub ?? '',
      role: e.metadata.actor?.role ?? '',
      department: e.metadata.actor?.department ?? '',
      requestId: e.metadata.requestId ?? '',
      correlationId: e.metadata.correlationId ?? '',
    };
  });
}

const HEADER: (keyof AuditRow)[] = ['position', 'at', 'type', 'streamId', 'fiscalYear', 'itemId', 'actor', 'role', 'department', 'requestId', 'correlationId'];

/** RFC 4180 CSV with a UTF-8 BOM, so Excel opens the Japanese text correctly. */
export function toCsv(rows: AuditRow[]): string {
  const cell = (v: unknown) => {
    const s = String(v ?? '');
    // Cells starting with = + - @ are neutralised so a spreadsheet never evaluates them.
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return '\ufeff' + [HEADER.join(','), ...rows.map((r) => HEADER.map((h) => cell(r[h])).join(','))].join('\r\n') + '\r\n';
}
