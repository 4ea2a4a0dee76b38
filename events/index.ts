/** The event catalogue: every domain event type, its payload, schema versions and upcasters. */
export * from './event';
export * from './plan.events';
export * from './cycle.events';
export * from './sheet.events';
export * from './admin.events';
export * from './user.events';
export * from './upcasters';

import type { AdminEvent } from './admin.events';
import { ADMIN_EVENT_TYPES } from './admin.events';
import type { CycleEvent } from './cycle.events';
import { CYCLE_EVENT_TYPES } from './cycle.events';
import type { PlanEvent } from './plan.events';
import { PLAN_EVENT_TYPES } from './plan.events';
import type { SheetEvent } from './sheet.events';
import { SHEET_EVENT_TYPES } from './sheet.events';
import type { UserEvent } from './user.events';
import { USER_EVENT_TYPES } from './user.events';

export type AnyDomainEvent = PlanEvent | CycleEvent | SheetEvent | AdminEvent | UserEvent;
export type AnyDomainEventType = AnyDomainEvent['type'];
/** The event of a given type: `EventOfType<'SheetSaved'>`. */
export type EventOfType<T extends AnyDomainEventType> = Extract<AnyDomainEvent, { type: T }>;

export const ALL_EVENT_TYPES: readonly AnyDomainEventType[] = [
  ...PLAN_EVENT_TYPES,
  ...CYCLE_EVENT_TYPES,
  ...SHEET_EVENT_TYPES,
  ...ADMIN_EVENT_TYPES,
  ...USER_EVENT_TYPES,
];

export function isDomainEventType(type: string): type is AnyDomainEventType {
  return (ALL_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * Which stream family a stream id belongs to, and its keys. For sheet streams the fiscal year is the
 * last `-dddd-` segment, so plan ids may contain dashes (UUIDs) but item ids should not contain `-dddd-`.
 */
export type ParsedStreamId =
  | { family: 'plan'; planId: string }
  | { family: 'cycle'; planId: string; fiscalYear: number }
  | { family: 'sheet'; planId: string; fiscalYear: number; itemId: string }
  | { family: 'admin-job'; jobId: string }
  | { family: 'user'; login: string }
  | { family: 'unknown'; streamId: string };

export function parseStreamId(streamId: string): ParsedStreamId {
  if (streamId.startsWith('admin-job-')) return { family: 'admin-job', jobId: streamId.slice('admin-job-'.length) };
  if (streamId.startsWith('user-')) return { family: 'user', login: streamId.slice('user-'.length) };
  let m = /^cycle-(.+)-(\d{4})$/.exec(streamId);
  if (m) return { family: 'cycle', planId: m[1], fiscalYear: Number(m[2]) };
  m = /^sheet-(.+)-(\d{4})-(.+)$/.exec(streamId);
  if (m) return { family: 'sheet', planId: m[1], fiscalYear: Number(m[2]), itemId: m[3] };
  m = /^plan-(.+)$/.exec(streamId);
  if (m) return { family: 'plan', planId: m[1] };
  return { family: 'unknown', streamId };
}
