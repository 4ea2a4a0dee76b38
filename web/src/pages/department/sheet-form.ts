/**
 * The sheet form's values and their two homes: the API's draft (PATCH body) and the browser's
 * localStorage, where every keystroke is kept until the server has it, so a closed tab or an ended
 * session loses nothing.
 */
import { needsMeasure, needsReason, type Rating } from '../../../../events/vocabulary';
import type { SheetDraft, SheetIndicator } from '../../api/workflow';
import { textOf } from '../../components/SheetView';

export interface SheetForm {
  activities: string;
  progress: Rating | '';
  progressReason: string;
  progressMeasure: string;
  effects: string;
  achievement: Rating | '';
  achievementReason: string;
  achievementMeasure: string;
  actuals: Record<string, string>;
  issues: string;
  plan: string;
}

export function formOf(draft: SheetDraft, indicators: SheetIndicator[]): SheetForm {
  const actuals: Record<string, string> = {};
  for (const i of indicators) actuals[i.id] = draft.actuals?.[i.id] === undefined ? '' : String(draft.actuals[i.id]);
  return {
    activities: draft.activities ?? '',
    progress: draft.progress ?? '',
    progressReason: textOf(draft.reasons, 'progress'),
    progressMeasure: textOf(draft.measures, 'progress'),
    effects: draft.effects ?? '',
    achievement: draft.achievement ?? '',
    achievementReason: textOf(draft.reasons, 'achievement'),
    achievementMeasure: textOf(draft.measures, 'achievement'),
    actuals,
    issues: draft.nextYear?.issues ?? '',
    plan: draft.nextYear?.plan ?? '',
  };
}

/** A number when the text is one (1,234.5 → 1234.5), the text otherwise (組織数 "9部41課85係"). */
export function actualValue(text: string): number | string {
  const plain = text.trim().replace(/,/g, '').replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : text.trim();
}

/** The PATCH body: every field of the form; a reason or measure only where the rating asks for it. */
export function draftOf(form: SheetForm): SheetDraft {
  const reasons: Record<string, string> = {};
  const measures: Record<string, string> = {};
  if (needsReason(form.progress || undefined) && form.progressReason) reasons.progress = form.progressReason;
  if (needsMeasure(form.progress || undefined) && form.progressMeasure) measures.progress = form.progressMeasure;
  if (needsReason(form.achievement || undefined) && form.achievementReason) reasons.achievement = form.achievementReason;
  if (needsMeasure(form.achievement || undefined) && form.achievementMeasure) measures.achievement = form.achievementMeasure;
  const actuals: Record<string, number | string> = {};
  for (const [id, text] of Object.entries(form.actuals)) if (text.trim()) actuals[id] = actualValue(text);
  return {
    activities: form.activities,
    ...(form.progress ? { progress: form.progress } : {}),
    ...(form.achievement ? { achievement: form.achievement } : {}),
    effects: form.effects,
    reasons,
    measures,
    actuals,
    nextYear: { issues: form.issues, plan: form.plan },
  };
}

export function sameForm(a: SheetForm, b: SheetForm): boolean {
  return JSON.stringify(draftOf(a)) === JSON.stringify(draftOf(b));
}

export interface StoredDraft {
  form: SheetForm;
  /** The server revision the typing started from. */
  revision?: number;
  at: string;
}

export const draftStorageKey = (login: string, planId: string, fy: number, itemId: string) => `pdca:sheet-draft:${login}:${planId}:${fy}:${itemId}`;

export function loadStoredDraft(key: string): StoredDraft | undefined {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as StoredDraft) : undefined;
  } catch {
    return undefined;
  }
}

export function storeDraft(key: string, draft: StoredDraft): void {
  try {
    localStorage.setItem(key, JSON.stringify(draft));
  } catch {
    // A full or disabled storage: the server save still works.
  }
}

export function forgetDraft(key: string): void {
  localStorage.removeItem(key);
}

/** Where the API's field names show up on the form (actuals.<id> → that indicator's box). */
export function formFieldOf(apiField: string): string {
  if (apiField.startsWith('actuals.')) return `actual:${apiField.slice('actuals.'.length)}`;
  if (apiField === 'nextYear.issues' || apiField === 'nextYear') return 'issues';
  if (apiField === 'nextYear.plan') return 'plan';
  if (apiField === 'reasons.progress' || apiField === 'reasons') return 'progressReason';
  if (apiField === 'reasons.achievement') return 'achievementReason';
  if (apiField === 'measures.progress' || apiField === 'measures') return 'progressMeasure';
  if (apiField === 'measures.achievement') return 'achievementMeasure';
  return apiField;
}
