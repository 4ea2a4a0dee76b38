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
  if (!isIsoDate(value)) throw new InvalidCommandError(field, 'isoDate', `${field} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}.`);
}

export function validateMeeting(meetingDate: unknown, meetingName: unknown): void {
  requireIsoDate(meetingDate, 'meetingDate');
  requireText(meetingName, 'meetingName', 'meetingName (会議名, e.g. 令和６年度第２回行政改革推進審議会)');
}

export function validateSheetReviewStatus(status: unknown): asserts status is SheetReviewStatus {
  if (!SHEET_REVIEW_STATUSES.includes(status as SheetReviewStatus)) {
    throw new InvalidCommandError('status', 'enum', `status must be ${SHEET_REVIEW_STATUSES.join(', ')}, got ${JSON.stringify(status)}.`);
  }
}

export function validateResolution(resolution: unknown): asserts resolution is CouncilResolution {
  if (!COUNCIL_RESOLUTIONS.includes(resolution as CouncilResolution)) {
    throw new InvalidCommandError('resolution', 'enum', `resolution must be ${COUNCIL_RESOLUTIONS.join(', ')}, got ${JSON.stringify(resolution)}.`);
  }
}

/** A plan- or group-level actual: a finite number or a non-empty text. */
export function validateActual(actual: unknown): asserts actual is IndicatorValue {
  if (!isNumberOrText(actual) || (typeof actual === 'string' && !isText(actual))) {
    throw new InvalidCommandError('actual', 'value', 'actual must be a number or a non-empty text.');
  }
}

/** A correction of a published report has a reason and at least one correction. */
export function validateRevision(reason: unknown, corrections: unknown): void {
  requireText(reason, 'reason', 'A report revision’s reason (訂正理由; it is shown with the revision)');
  if (!Array.isArray(corrections) || corrections.length === 0) {
    throw new InvalidCommandError('corrections', 'required', 'A report revision needs at least one correction {itemId, changes}.');
  }
}

/** Correction `i` changes at least one field of its item's sheet. */
export function validateCorrection(correction: ReportCorrection, i: number): void {
  const { changes } = correction;
  if (!changes || typeof changes !== 'object' || Object.keys(changes).length === 0) {
    throw new InvalidCommandError(`corrections[${i}].changes`, 'required', `Correction ${i} (item ${correction.itemId}) changes nothing.`);
  }
}
