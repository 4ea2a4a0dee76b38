/**
 * The shapes of the cycle commands' fields: dates, names, texts, enums, values. The HTTP bodies'
 * DTOs (cycle.dto.ts) check them at the edge; the cycle decider checks them again for every other
 * caller (sagas, jobs), so nothing ill-formed is ever stored.
 */
import type { IndicatorValue } from '../../events/plan.events';
import type { ReportCorrection } from '../../events/cycle.events';
import { COUNCIL_RESOLUTIONS, SHEET_REVIEW_STATUSES, type CouncilResolution, type SheetReviewStatus } from '../../events/vocabulary';
import { InvalidCommandError } from '../../src/domain/errors';
import { isNumberOrText, isText, requireText } from '../shared/guards';

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1];
}

export function requireIsoDate(value: unknown, field: string): asserts value is string {
  if (!isIsoDate(value)) throw new InvalidCommandError(field, 'isoDate', `${field} は日付（YYYY-MM-DD）で入力してください。`, `${field} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}.`);
}

export function validateMeeting(meetingDate: unknown, meetingName: unknown): void {
  requireIsoDate(meetingDate, 'meetingDate');
  requireText(meetingName, 'meetingName', 'meetingName (会議名, e.g. 令和６年度第２回行政改革推進審議会)', '会議名');
}

export function validateSheetReviewStatus(status: unknown): asserts status is SheetReviewStatus {
  if (!SHEET_REVIEW_STATUSES.includes(status as SheetReviewStatus)) {
    throw new InvalidCommandError('status', 'enum', `status は ${SHEET_REVIEW_STATUSES.join('、')} のいずれかです。`, `status must be ${SHEET_REVIEW_STATUSES.join(', ')}, got ${JSON.stringify(status)}.`);
  }
}

export function validateResolution(resolution: unknown): asserts resolution is CouncilResolution {
  if (!COUNCIL_RESOLUTIONS.includes(resolution as CouncilResolution)) {
    throw new InvalidCommandError('resolution', 'enum', `審議結果は ${COUNCIL_RESOLUTIONS.join('、')} のいずれかです。`, `resolution must be ${COUNCIL_RESOLUTIONS.join(', ')}, got ${JSON.stringify(resolution)}.`);
  }
}

/** A plan- or group-level actual: a finite number or a non-empty text. */
export function validateActual(actual: unknown, field = 'actual'): asserts actual is IndicatorValue {
  if (!isNumberOrText(actual) || (typeof actual === 'string' && !isText(actual))) {
    throw new InvalidCommandError(field, 'value', typeof actual === 'string' ? '実績が空です。数値か文字で入力してください。' : '実績は数値か文字で入力してください。', `${field} must be a number or a non-empty text.`);
  }
}

/** A correction of a published report has a reason and corrects something. */
export function validateRevision(reason: unknown, corrections: unknown, indicatorActuals: Record<string, unknown> = {}): void {
  requireText(reason, 'reason', 'A report revision’s reason (訂正理由; it is shown with the revision)', '訂正理由');
  if (!Array.isArray(corrections) || (corrections.length === 0 && Object.keys(indicatorActuals).length === 0)) {
    throw new InvalidCommandError('corrections', 'required', '訂正する箇所がありません。corrections（取組事項ごとの訂正）か indicatorActuals（指標の実績）を指定してください。', 'A report revision needs at least one correction {itemId, changes} or indicatorActuals.');
  }
}

const ITEM_TEXTS = ['title', 'situation', 'content', 'effect'] as const;

/** Correction `i` changes at least one sheet field or printed text of its item, each a well-formed value. */
export function validateCorrection(correction: ReportCorrection, i: number): void {
  const changes = correction.changes ?? {};
  const texts = correction.texts ?? {};
  if (typeof changes !== 'object' || typeof texts !== 'object' || Object.keys(changes).length + Object.keys(texts).length === 0) {
    throw new InvalidCommandError(`corrections[${i}].changes`, 'required', `訂正 ${i + 1}（取組事項 ${correction.itemId}）は何も訂正していません。`, `Correction ${i} (item ${correction.itemId}) changes nothing.`);
  }
  for (const key of ['reasons', 'measures'] as const) {
    const value = (changes as Record<string, unknown>)[key];
    if (value !== undefined && (typeof value !== 'object' || value === null)) {
      throw new InvalidCommandError(`corrections[${i}].changes.${key}`, 'ratingTexts', `訂正では ${key} を {"progress": …, "achievement": …} の形で、どちらの評価の文かを指定してください。`, `A correction names which rating's text it corrects: ${key} as {progress, achievement}.`);
    }
  }
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) throw new InvalidCommandError(`corrections[${i}].changes.${key}`, 'notNull', '訂正の値が空（null）です。訂正後の内容を指定してください。', `corrections[${i}].changes.${key} may not be null.`);
  }
  for (const [key, value] of Object.entries(texts)) {
    if (!(ITEM_TEXTS as readonly string[]).includes(key) || !isText(value)) {
      throw new InvalidCommandError(`corrections[${i}].texts.${key}`, 'itemText', `訂正できる記載は ${ITEM_TEXTS.join('、')} で、空ではいけません。`, `corrections[${i}].texts.${key}: one of ${ITEM_TEXTS.join(', ')}, a non-empty text.`);
    }
  }
}
