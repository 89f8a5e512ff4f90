import { describe, expect, it } from 'vitest';
import { snapshotShown } from '../../src/core/report.ts';

describe('the snapshot a link’s date opens', () => {
  const snaps = ['2018-12-31', '2024-12-31', '2026-10-31'];
  it('is the date itself when it is a snapshot, with no note', () => {
    expect(snapshotShown(snaps, '2024-12-31', '2026-10-31')).toEqual({
      shown: '2024-12-31',
      note: null,
    });
    expect(snapshotShown(snaps, null, '2026-10-31')).toEqual({ shown: '2026-10-31', note: null });
  });
  it('is the snapshot in force between two snapshots and after the last', () => {
    expect(snapshotShown(snaps, '2019-06-30', '2026-10-31')).toEqual({
      shown: '2018-12-31',
      note: 'inForce',
    });
    expect(snapshotShown(snaps, '2027-06-30', '2026-10-31')).toEqual({
      shown: '2026-10-31',
      note: 'inForce',
    });
  });
  it('is the fallback before the first snapshot, and says so', () => {
    expect(snapshotShown(snaps, '2010-01-31', '2026-10-31')).toEqual({
      shown: '2026-10-31',
      note: 'before',
    });
  });
});
