/**
 * The shapes a sheet's content must have, draft or not. The HTTP body's DTO (cycle.dto.ts) checks
 * them at the edge; the sheet decider checks them again for every other caller (jobs, corrections,
 * imports), so no ill-formed content is ever stored.
 */
import type { SheetContent } from '../../events/sheet.events';
import { IMPLEMENTATIONS, RATING_KIND_LABELS, RATING_KINDS, RATINGS } from '../../events/vocabulary';
import { InvalidCommandError } from '../../src/domain/errors';
import { isNumberOrText } from '../shared/guards';

export function validateSheetContent(content: SheetContent): void {
  for (const key of RATING_KINDS) {
    const rating = content[key];
    if (rating !== undefined && !RATINGS.includes(rating)) {
      throw new InvalidCommandError(key, 'rating', `${RATING_KIND_LABELS[key]}は ${RATINGS.join('、')} のいずれかです（${JSON.stringify(rating)} は使えません）。`, `${key} must be one of ${RATINGS.join(', ')}, got ${JSON.stringify(rating)}.`);
    }
  }
  if (content.implementation !== undefined && !IMPLEMENTATIONS.includes(content.implementation)) {
    throw new InvalidCommandError('implementation', 'enum', `実施状況は ${IMPLEMENTATIONS.join('、')} のいずれかです（${JSON.stringify(content.implementation)} は使えません）。`, `implementation must be ${IMPLEMENTATIONS.join(', ')}, got ${JSON.stringify(content.implementation)}.`);
  }
  for (const [id, value] of Object.entries(content.actuals)) {
    if (!isNumberOrText(value)) throw new InvalidCommandError(`actuals.${id}`, 'value', `指標「${id}」の実績は数値か文字で入力してください。`, `The actual of ${id} must be a number or a text.`);
  }
  if (content.nextYear !== undefined && (typeof content.nextYear !== 'object' || content.nextYear === null)) {
    throw new InvalidCommandError('nextYear', 'shape', '次年度の取組計画は {issues（課題）, plan（取組内容）} の形で送ってください。', 'nextYear must be {issues, plan}.');
  }
}
