import type { SheetContent } from '../../events/sheet.events';
import { InvalidCommandError } from '../../src/domain/errors';
import { validateSheetContent } from './sheet.validation';

const content = (over: Partial<SheetContent> = {}): SheetContent => ({ activities: '', reasons: {}, measures: {}, actuals: {}, ...over });
const fieldOf = (c: SheetContent) => {
  try {
    validateSheetContent(c);
    return null;
  } catch (error) {
    if (!(error instanceof InvalidCommandError)) throw error;
    return error.field;
  }
};

describe('sheet content validation', () => {
  it('takes every rating, implementation status and value the vocabulary knows', () => {
    for (const r of ['S', 'A', 'B', 'C', '-'] as const) expect(fieldOf(content({ progress: r, achievement: r }))).toBeNull();
    for (const i of ['done', 'partial', 'notDone'] as const) expect(fieldOf(content({ implementation: i }))).toBeNull();
    expect(fieldOf(content({ actuals: { a: 98.4, b: '9部41課86係' }, nextYear: { issues: '課題', plan: '計画' } }))).toBeNull();
  });

  it('names the field of an unknown rating or implementation status', () => {
    expect(fieldOf(content({ progress: 'D' as never }))).toBe('progress');
    expect(fieldOf(content({ achievement: 'a' as never }))).toBe('achievement');
    expect(fieldOf(content({ implementation: 'maybe' as never }))).toBe('implementation');
  });

  it('refuses actuals that are neither numbers nor texts, and a nextYear that is not an object', () => {
    expect(fieldOf(content({ actuals: { x: Number.NaN } }))).toBe('actuals.x');
    expect(fieldOf(content({ actuals: { x: null as never } }))).toBe('actuals.x');
    expect(fieldOf(content({ nextYear: 'next' as never }))).toBe('nextYear');
  });
});
