import { InvalidCommandError } from '../../src/domain/errors';
import { isIsoDate, validateActual, validateCorrection, validateMeeting, validateResolution, validateRevision, validateSheetReviewStatus } from './cycle.validation';

const refuses = (fn: () => void, field: string) => expect(fn).toThrow(expect.objectContaining({ constructor: InvalidCommandError, field }));

describe('cycle command validation', () => {
  it('takes real calendar dates only', () => {
    expect(['2024-06-30', '2024-02-29', '2000-02-29'].map(isIsoDate)).toEqual([true, true, true]);
    expect(['2023-02-29', '1900-02-29', '2024-13-01', '2024-04-31', '2024-6-30', 'soon', 20240630].map(isIsoDate)).toEqual(Array(7).fill(false));
  });

  it('needs a meeting date and a meeting name', () => {
    refuses(() => validateMeeting('11/20', '審議会'), 'meetingDate');
    refuses(() => validateMeeting('2024-11-20', ' '), 'meetingName');
    expect(() => validateMeeting('2024-11-20', '第２回行政改革推進審議会')).not.toThrow();
  });

  it('knows the review statuses and the resolutions of the vocabulary', () => {
    for (const s of ['submitted', 'returned', 'approved']) expect(() => validateSheetReviewStatus(s)).not.toThrow();
    refuses(() => validateSheetReviewStatus('draft'), 'status');
    for (const r of ['accepted', 'acceptedWithOpinions', 'sentBack']) expect(() => validateResolution(r)).not.toThrow();
    refuses(() => validateResolution('maybe'), 'resolution');
  });

  it('takes a number or a non-empty text as an actual', () => {
    expect(() => validateActual(71.8)).not.toThrow();
    expect(() => validateActual('9部41課85係')).not.toThrow();
    refuses(() => validateActual(Number.NaN), 'actual');
    refuses(() => validateActual('  '), 'actual');
  });

  it('needs a reason and corrections that change something', () => {
    refuses(() => validateRevision('', [{ itemId: '1', changes: { activities: 'x' } }]), 'reason');
    refuses(() => validateRevision('誤り', []), 'corrections');
    expect(() => validateRevision('誤り', [{ itemId: '1', changes: {} }])).not.toThrow();
    refuses(() => validateCorrection({ itemId: '1', changes: {} }, 0), 'corrections[0].changes');
    expect(() => validateCorrection({ itemId: '1', changes: { actuals: { i1: 98.4 } } }, 0)).not.toThrow();
  });
});
