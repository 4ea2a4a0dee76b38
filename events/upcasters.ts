/**
 * Schema versions and upcasters. An event is stored with the schema version of its payload
 * (EventMetadata.schemaVersion). Readers call `upcast(type, schemaVersion, data)` before folding,
 * which applies the per-type functions v1→v2→… up to CURRENT_SCHEMA_VERSION[type].
 */
import type { DomainEventType } from './index';
import type { RatingTexts, SheetContent, SheetContentV1 } from './sheet.events';
import { needsMeasure, needsReason } from './vocabulary';

/** The schema version every event type is written with today. */
export const CURRENT_SCHEMA_VERSION: Readonly<Record<DomainEventType, number>> = {
  PlanDrafted: 1,
  ItemAdded: 1,
  ItemRevised: 1,
  IndicatorDefined: 1,
  IndicatorRevised: 1,
  PlanAdopted: 1,
  PlanGroupsDefined: 1,
  PlanSettingsDefined: 1,
  CycleOpened: 1,
  SheetStatusRecorded: 1,
  CycleReadyForCouncil: 1,
  PlanIndicatorActualRecorded: 1,
  CouncilMeetingScheduled: 1,
  CouncilOpinionRecorded: 1,
  CouncilConcluded: 1,
  ReportPublished: 1,
  ReportRevised: 1,
  SheetSaved: 2,
  SheetSubmitted: 1,
  SheetReturned: 1,
  SheetApproved: 1,
  SheetOverdue: 1,
  SheetReminderSent: 1,
  SheetWithdrawn: 1,
  SheetReopened: 1,
  ProjectionRebuildRequested: 1,
  ProjectionRebuildStarted: 1,
  ProjectionRebuildCompleted: 1,
  ProjectionRebuildFailed: 1,
  UserCreated: 1,
  UserRoleChanged: 1,
  UserRenamed: 1,
  UserDisabled: 1,
  UserEnabled: 1,
  PasswordReset: 1,
  PasswordChanged: 1,
  InstallationIdentified: 1,
};

/** Turns a payload of version n into version n+1. */
export type Upcaster = (data: any) => any;

/** Places a v1 single text under the rating(s) that need it; when none does, under progress, so no text is lost. */
function spread(text: string | undefined, progress: boolean, achievement: boolean): RatingTexts {
  if (text === undefined || text === '') return {};
  if (!progress && !achievement) return { progress: text };
  return { ...(progress ? { progress: text } : {}), ...(achievement ? { achievement: text } : {}) };
}

/**
 * SheetSaved v1 → v2: `content.reason?` / `content.measure?` (single strings) become
 * `content.reasons` / `content.measures` keyed by rating. A reason goes to each rating rated S, B or C;
 * a measure to each rating rated B or C.
 */
export function sheetSavedV1toV2(data: { content: SheetContentV1 } & Record<string, unknown>): Record<string, unknown> & {
  content: SheetContent;
} {
  const { reason, measure, ...rest } = data.content ?? ({} as SheetContentV1);
  const content: SheetContent = {
    ...rest,
    activities: rest.activities ?? '',
    actuals: rest.actuals ?? {},
    reasons: spread(reason, needsReason(rest.progress), needsReason(rest.achievement)),
    measures: spread(measure, needsMeasure(rest.progress), needsMeasure(rest.achievement)),
  };
  return { ...data, content };
}

/** Per type: the function taking version n (the key) to n+1. */
export const UPCASTERS: Readonly<Partial<Record<DomainEventType, Readonly<Record<number, Upcaster>>>>> = {
  SheetSaved: { 1: sheetSavedV1toV2 },
};

export class UpcastError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpcastError';
  }
}

/**
 * Brings a stored payload up to the current schema of its type. Unknown types pass through unchanged.
 * A version newer than this code knows, or a gap in the chain, throws UpcastError.
 */
export function upcast<T = unknown>(
  type: string,
  schemaVersion: number | undefined,
  data: unknown,
): { data: T; schemaVersion: number } {
  const current = (CURRENT_SCHEMA_VERSION as Record<string, number>)[type];
  let version = schemaVersion ?? 1;
  if (current === undefined) return { data: data as T, schemaVersion: version };
  if (version > current) {
    throw new UpcastError(`${type} has schema version ${version}, newer than this code knows (${current})`);
  }
  const chain = (UPCASTERS as Record<string, Record<number, Upcaster> | undefined>)[type] ?? {};
  let out: unknown = data;
  while (version < current) {
    const step = chain[version];
    if (!step) throw new UpcastError(`No upcaster for ${type} from schema version ${version} to ${version + 1}`);
    out = step(out);
    version += 1;
  }
  return { data: out as T, schemaVersion: version };
}
