/** The event catalogue: every domain event type, its payload, schema versions and upcasters. */
export * from './event';
export * from './vocabulary';
export * from './plan.events';
export * from './cycle.events';
export * from './sheet.events';
export * from './admin.events';
export * from './user.events';
export * from './installation.events';
export * from './upcasters';

import type { AdminEvent } from './admin.events';
import { ADMIN_EVENT_TYPES } from './admin.events';
import type { CycleEvent } from './cycle.events';
import type { InstallationEvent } from './installation.events';
import { INSTALLATION_EVENT_TYPES } from './installation.events';
import { CYCLE_EVENT_TYPES } from './cycle.events';
import type { PlanEvent } from './plan.events';
import { PLAN_EVENT_TYPES } from './plan.events';
import type { SheetEvent } from './sheet.events';
import { SHEET_EVENT_TYPES } from './sheet.events';
import type { UserEvent } from './user.events';
import { USER_EVENT_TYPES } from './user.events';

/** Every domain event, and every event type (each has a schema version in upcasters.ts). */
export type AnyDomainEvent = PlanEvent | CycleEvent | SheetEvent | AdminEvent | UserEvent | InstallationEvent;
export type DomainEventType = AnyDomainEvent['type'];

export const ALL_EVENT_TYPES: readonly DomainEventType[] = [
  ...PLAN_EVENT_TYPES,
  ...CYCLE_EVENT_TYPES,
  ...SHEET_EVENT_TYPES,
  ...ADMIN_EVENT_TYPES,
  ...USER_EVENT_TYPES,
  ...INSTALLATION_EVENT_TYPES,
];
