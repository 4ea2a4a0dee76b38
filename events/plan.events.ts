/**
 * Stream `plan-<planId>`: the implementation plan (実行計画) — its items (取組事項) and indicators (指標).
 * Fiscal years are numbers in payload fields (2023) and strings as record keys ("2023").
 */
import type { Event } from './event';
import type { IndicatorDirection } from './vocabulary';

/** A number, or a value kept as text that is never judged (e.g. 組織数 "9部41課85係"). */
export type IndicatorValue = number | string;

/** The plan period in fiscal years, inclusive (Tamana: 2022..2026 = 令和４〜８年度). */
export interface PlanPeriod {
  from: number;
  to: number;
}

/** 具体的な取組 with its 工程 per fiscal year, e.g. {"2022": "準備", "2023": "導入"}. */
export interface PlanActivity {
  name: string;
  schedule: Record<string, string>;
}

export interface GlossaryEntry {
  term: string;
  description: string;
}

/** An item (取組事項) of the plan. */
export interface PlanItem {
  /** URL-safe id: "1", "3-1". */
  id: string;
  /** Display label: "①", "③-1". */
  label: string;
  title: string;
  /** Titles of the groups above the item, top first. */
  path: string[];
  /** 担当課 — one or more. */
  departments: string[];
  /** 現状・課題 */
  situation?: string;
  /** 取組内容 */
  content?: string;
  /** 取組効果 (expected) */
  effect?: string;
  activities: PlanActivity[];
  /** 用語解説 */
  glossary?: GlossaryEntry[];
  /** Added after adoption: the first fiscal year whose cycle and reports include it (absent = the whole period). */
  effectiveFrom?: number;
}

export type PlanItemChanges = Partial<Omit<PlanItem, 'id'>>;

/** An indicator (指標) on an item, a top-level group, or the whole plan. */
export interface PlanIndicator {
  id: string;
  name: string;
  unit: string;
  direction: IndicatorDirection;
  /** Set for an item-level indicator. */
  itemId?: string;
  /** Top-level group title for a group-level indicator. */
  group?: string;
  /** 基準値 */
  baseline?: IndicatorValue;
  /** Final target of the period. */
  target?: IndicatorValue;
  /** A target stated only in prose. */
  targetNote?: string;
  /** 目標 per fiscal year ("2023" → 98.3); may be empty (monitoring only). */
  targets: Record<string, IndicatorValue>;
  /** Added after adoption: the first fiscal year whose reports include it (absent = the whole period). */
  effectiveFrom?: number;
  /** Final targets replaced by a revision: each was in force through fiscal year `until` (oldest first). */
  earlierTargets?: { until: number; target: IndicatorValue }[];
}

export type PlanIndicatorChanges = Partial<Omit<PlanIndicator, 'id'>>;

/**
 * A group of the plan's hierarchy with the code the city numbers it by (基本方針 "【1】", 基本施策 "ア"),
 * and the groups of the next level under it. Items name their groups by title (PlanItem.path); the
 * registry adds the codes, so 【1】 and ア are printed as the city writes them.
 */
export interface PlanGroup {
  /** "【1】", "ア", "1." — as printed before the title; absent when the city numbers none. */
  code?: string;
  title: string;
  groups?: PlanGroup[];
}

export type PlanDrafted = Event<
  'PlanDrafted',
  {
    planId: string;
    municipality: string;
    title: string;
    period: PlanPeriod;
    /** Level names, e.g. ["基本方針", "基本施策", "取組事項"]. */
    levels: string[];
    /** The group registry with its codes (added later: plans drafted before have none; readers default to []). */
    groups?: PlanGroup[];
    at: string;
  }
>;

/** `reason` is given when the item is added after adoption (the plan grows mid-period; item.effectiveFrom says from when). */
export type ItemAdded = Event<'ItemAdded', { planId: string; item: PlanItem; reason?: string; at: string }>;

export type ItemRevised = Event<
  'ItemRevised',
  { planId: string; itemId: string; changes: PlanItemChanges; reason: string; at: string }
>;

/** `reason` is given when the indicator is defined after adoption (indicator.effectiveFrom says from when). */
export type IndicatorDefined = Event<'IndicatorDefined', { planId: string; indicator: PlanIndicator; reason?: string; at: string }>;

/** With `effectiveFrom`, revised targets apply from that year on (the decider keeps the earlier years' targets in `changes`). */
export type IndicatorRevised = Event<
  'IndicatorRevised',
  { planId: string; indicatorId: string; changes: PlanIndicatorChanges; reason: string; effectiveFrom?: number; at: string }
>;

export type PlanAdopted = Event<'PlanAdopted', { planId: string; at: string }>;
/** The group registry replaced as a whole (codes added to an older plan, a title corrected); after adoption with a reason. */
export type PlanGroupsDefined = Event<'PlanGroupsDefined', { planId: string; groups: PlanGroup[]; reason?: string; at: string }>;

/** Which fields a sheet needs before it is submitted: the default rules, or the stricter rules of the Tamana form. */
export type SheetRulePreset = 'default' | 'tamana';

/**
 * Where the suggested 達成状況 changes letter: the actual as a share of the target (for a lower-is-better
 * indicator, the target as a share of the actual): at least `s` → S, at least `a` → A, at least `b` → B, else C.
 */
export interface RatingThresholds {
  s: number;
  a: number;
  b: number;
}

export interface PlanSettings {
  sheetRules: SheetRulePreset;
  ratingThresholds: RatingThresholds;
}

/** The plan's settings replaced as a whole (the decider merges a partial change onto the current ones). */
export type PlanSettingsDefined = Event<'PlanSettingsDefined', { planId: string; settings: PlanSettings; reason?: string; at: string }>;

export type PlanEvent = PlanDrafted | ItemAdded | ItemRevised | IndicatorDefined | IndicatorRevised | PlanAdopted | PlanGroupsDefined | PlanSettingsDefined;

export const PLAN_EVENT_TYPES = [
  'PlanDrafted',
  'ItemAdded',
  'ItemRevised',
  'IndicatorDefined',
  'IndicatorRevised',
  'PlanAdopted',
  'PlanGroupsDefined',
  'PlanSettingsDefined',
] as const satisfies readonly PlanEvent['type'][];

export const planStreamId = (planId: string): string => `plan-${planId}`;
