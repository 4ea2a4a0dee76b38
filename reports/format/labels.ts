/** How the reports phrase the vocabulary's labels (events/vocabulary.ts): "B（計画より遅れている）", legends, 未決定, 未公表（…）. */
import { toFullWidthDigits } from './wareki';
import {
  CYCLE_STATUS_LABELS,
  LETTER_RATINGS,
  RATING_LABELS,
  RESOLUTION_LABELS,
  type CouncilResolution,
  type CycleStatus,
  type Rating,
  type RatingKind,
} from '../../events/vocabulary';

/** ratingLabel('progress', 'B') → "計画より遅れている"; '-' → "評価対象外"; not rated → "". */
export function ratingLabel(kind: RatingKind, rating: Rating | null | undefined): string {
  return rating ? RATING_LABELS[kind][rating] : '';
}

/** "B（計画より遅れている）", "-" or "" (not rated). */
export function ratingWithLabel(kind: RatingKind, rating: Rating | null | undefined): string {
  if (!rating) return '';
  if (rating === '-') return '-';
  return `${rating}（${ratingLabel(kind, rating)}）`;
}

/** The legend printed under a rating row: "S．計画以上に進捗　A．計画どおり進捗　…". */
export function ratingLegend(kind: RatingKind): string {
  return LETTER_RATINGS.map((r) => `${r}．${RATING_LABELS[kind][r]}`).join('　');
}

/** The legend as the form prints it, on two lines: S and A, then B and C. */
export function ratingLegendLines(kind: RatingKind): string {
  const [s, a, b, c] = LETTER_RATINGS.map((r) => `${r}．${RATING_LABELS[kind][r]}`);
  return `${s}　${a}\n${b}　${c}`;
}

/** accepted → 承認, acceptedWithOpinions → 意見付き承認, sentBack → 差戻し; none yet → 未決定. */
export function resolutionLabel(resolution: CouncilResolution | undefined): string {
  return resolution ? RESOLUTION_LABELS[resolution] : '未決定';
}

/** "公表済", "公表済（第２版）", or, before publication, "未公表（照会中）", "未公表（審議中）" … */
export function reportStatusLabel(status: CycleStatus, publication?: { revision: number }): string {
  if (publication) return publication.revision > 1 ? `公表済（${editionLabel(publication.revision)}）` : '公表済';
  return status === 'published' ? CYCLE_STATUS_LABELS.published : `未公表（${CYCLE_STATUS_LABELS[status]}）`;
}

/** A corrected edition as prose writes it: editionLabel(2) → "第２版". */
export function editionLabel(revision: number): string {
  return `第${toFullWidthDigits(revision)}版`;
}
