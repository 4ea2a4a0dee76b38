import {
  COUNCIL_RESOLUTIONS,
  CYCLE_STATUS_LABELS,
  IMPLEMENTATION_BRACKETS,
  IMPLEMENTATION_LABELS,
  IMPLEMENTATIONS,
  LETTER_RATINGS,
  PLAN_STATUS_LABELS,
  RATING_KIND_LABELS,
  RATING_KINDS,
  RATING_LABELS,
  RATING_TEXT_LABELS,
  RATINGS,
  RESOLUTION_LABELS,
  SHEET_REVIEW_STATUSES,
  SHEET_STATUS_LABELS,
  needsMeasure,
  needsReason,
} from './vocabulary';

/** Latin letters in a label would be an English word in a Japanese document. */
const LATIN = /[A-Za-z]/;

describe('vocabulary', () => {
  const tables: [string, Readonly<Record<string, string>>, readonly string[]][] = [
    ['plan statuses', PLAN_STATUS_LABELS, ['none', 'draft', 'adopted']],
    ['cycle statuses', CYCLE_STATUS_LABELS, ['none', 'collecting', 'readyForCouncil', 'atCouncil', 'concluded', 'sentBack', 'published']],
    ['sheet statuses', SHEET_STATUS_LABELS, ['notStarted', 'draft', 'submitted', 'returned', 'approved']],
    ['implementation statuses', IMPLEMENTATION_LABELS, IMPLEMENTATIONS],
    ['implementation brackets', IMPLEMENTATION_BRACKETS, IMPLEMENTATIONS],
    ['council resolutions', RESOLUTION_LABELS, COUNCIL_RESOLUTIONS],
    ['rating kinds', RATING_KIND_LABELS, RATING_KINDS],
    ['progress ratings', RATING_LABELS.progress, RATINGS],
    ['achievement ratings', RATING_LABELS.achievement, RATINGS],
  ];

  it.each(tables)('labels every one of the %s, in Japanese', (_, labels, values) => {
    expect(Object.keys(labels).sort()).toEqual([...values].sort());
    for (const value of values) {
      expect(labels[value]).toEqual(expect.any(String));
      expect(labels[value]).not.toMatch(LATIN);
    }
  });

  it('names the texts each rating kind needs in Japanese', () => {
    for (const kind of RATING_KINDS) {
      expect(Object.values(RATING_TEXT_LABELS[kind]).join('')).not.toMatch(LATIN);
    }
  });

  it('has the Japanese words of the published forms', () => {
    expect(RATING_LABELS.progress.B).toBe('計画より遅れている');
    expect(RATING_LABELS.achievement.S).toBe('目標を大幅に達成');
    expect(RATING_LABELS.achievement['-']).toBe('評価対象外');
    expect(SHEET_STATUS_LABELS.submitted).toBe('提出済（審査中）');
    expect(SHEET_STATUS_LABELS.returned).toBe('差戻し中');
    expect(CYCLE_STATUS_LABELS.collecting).toBe('照会中');
    expect(IMPLEMENTATION_LABELS.notDone).toBe('未実施又は検討中');
  });

  it('says which ratings need a reason (S, B, C) and which also need measures (B, C)', () => {
    expect(RATINGS.filter(needsReason)).toEqual(['S', 'B', 'C']);
    expect(RATINGS.filter(needsMeasure)).toEqual(['B', 'C']);
    expect(needsReason(undefined)).toBe(false);
  });

  it('keeps the letter ratings and the review statuses inside their wider lists', () => {
    expect(RATINGS).toEqual([...LETTER_RATINGS, '-']);
    for (const s of SHEET_REVIEW_STATUSES) expect(Object.keys(SHEET_STATUS_LABELS)).toContain(s);
  });
});
