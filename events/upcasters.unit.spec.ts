import {
  ALL_EVENT_TYPES,
  CURRENT_SCHEMA_VERSION,
  sheetStreamId,
  cycleStreamId,
  planStreamId,
  upcast,
  UpcastError,
  type SheetContent,
  type SheetSaved,
} from './index';

const v1 = (content: Record<string, unknown>) => ({
  planId: 'tamana',
  fiscalYear: 2023,
  itemId: '1',
  department: '税務課',
  at: '2024-05-01T00:00:00.000Z',
  content: { activities: '実施した', actuals: {}, ...content },
});

const contentOf = (data: unknown) => (data as SheetSaved['data']).content as SheetContent;

describe('upcasters', () => {
  it('knows the current version of every event type; SheetSaved is v2', () => {
    expect(Object.keys(CURRENT_SCHEMA_VERSION).sort()).toEqual([...ALL_EVENT_TYPES].sort());
    expect(CURRENT_SCHEMA_VERSION.SheetSaved).toBe(2);
  });

  describe('SheetSaved v1 → v2', () => {
    it('maps reason and measure to progress when progress is B', () => {
      const { data, schemaVersion } = upcast('SheetSaved', 1, v1({ progress: 'B', achievement: 'A', reason: '調整に時間', measure: '早期着手' }));
      expect(schemaVersion).toBe(2);
      const c = contentOf(data);
      expect(c.reasons).toEqual({ progress: '調整に時間' });
      expect(c.measures).toEqual({ progress: '早期着手' });
      expect(c).not.toHaveProperty('reason');
      expect(c).not.toHaveProperty('measure');
      expect(c.progress).toBe('B');
      expect((data as SheetSaved['data']).department).toBe('税務課');
    });
    it('maps to achievement when only achievement needs it', () => {
      const c = contentOf(upcast('SheetSaved', 1, v1({ progress: 'A', achievement: 'C', reason: '利用が伸びず', measure: '周知' })).data);
      expect(c.reasons).toEqual({ achievement: '利用が伸びず' });
      expect(c.measures).toEqual({ achievement: '周知' });
    });
    it('maps to both when both need it', () => {
      const c = contentOf(upcast('SheetSaved', 1, v1({ progress: 'C', achievement: 'B', reason: 'r', measure: 'm' })).data);
      expect(c.reasons).toEqual({ progress: 'r', achievement: 'r' });
      expect(c.measures).toEqual({ progress: 'm', achievement: 'm' });
    });
    it('an S rating needs a reason but no measure', () => {
      const c = contentOf(upcast('SheetSaved', 1, v1({ progress: 'S', achievement: 'B', reason: 'r', measure: 'm' })).data);
      expect(c.reasons).toEqual({ progress: 'r', achievement: 'r' });
      expect(c.measures).toEqual({ achievement: 'm' });
    });
    it('keeps text no rating needs under progress, and gives empty maps when there is none', () => {
      expect(contentOf(upcast('SheetSaved', 1, v1({ progress: 'A', reason: 'r' })).data).reasons).toEqual({ progress: 'r' });
      const c = contentOf(upcast('SheetSaved', 1, v1({ progress: 'A' })).data);
      expect(c.reasons).toEqual({});
      expect(c.measures).toEqual({});
    });
    it('treats a missing schema version as v1', () => {
      expect(upcast('SheetSaved', undefined, v1({ progress: 'B', reason: 'r' })).schemaVersion).toBe(2);
    });
  });

  it('leaves current payloads and unknown types untouched', () => {
    const v2 = { ...v1({}), content: { activities: 'x', reasons: { progress: 'r' }, measures: {}, actuals: {} } };
    expect(upcast('SheetSaved', 2, v2)).toEqual({ data: v2, schemaVersion: 2 });
    expect(upcast('PlanAdopted', 1, { planId: 'p', at: 'x' })).toEqual({ data: { planId: 'p', at: 'x' }, schemaVersion: 1 });
    expect(upcast('SomethingElse', 3, { a: 1 })).toEqual({ data: { a: 1 }, schemaVersion: 3 });
  });

  it('refuses versions newer than this code knows', () => {
    expect(() => upcast('SheetSaved', 3, {})).toThrow(UpcastError);
  });

  it('builds stream ids', () => {
    expect(planStreamId('tamana')).toBe('plan-tamana');
    expect(cycleStreamId('tamana', 2023)).toBe('cycle-tamana-2023');
    expect(sheetStreamId('tamana', 2023, '3-1')).toBe('sheet-tamana-2023-3-1');
  });
});
