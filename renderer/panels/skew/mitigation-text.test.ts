import { describe, expect, it } from 'vitest';
import { mitigationsOf, mitigationText, type Mitigation } from './mitigation-text.ts';

const split: Mitigation = {
  kind: 'split-join', stageId: 2, nodeId: 'with_user', partition: 4, rows: 246577, medianRows: 21195, splitInto: 8,
  subPartitions: [{ rows: 30000, durationMs: 12 }], hotKey: { column: 'user_id', value: '42', share: 0.812 },
  message: 'join ...',
};

describe('mitigationText', () => {
  it('names the join, the partition, how many pieces, the sizes and the hot key', () => {
    expect(mitigationText(split)).toBe(
      "join 'with_user': partition 4 split in 8 (246,577 rows vs. a median of 21,195): hot key user_id=42 (81% of the partition)");
  });
  it('leaves the key out when the engine did not sample one', () => {
    const { hotKey: _, ...noKey } = split;
    expect(mitigationText(noKey)).toBe("join 'with_user': partition 4 split in 8 (246,577 rows vs. a median of 21,195)");
  });
  it('says how many tasks ran a coalesced stage and which partitions went together', () => {
    const m: Mitigation = {
      kind: 'coalesce', stageId: 3, nodeId: 'agg', partition: 0, partitions: 8, tasks: 3,
      groups: [{ partitions: [0, 1, 2, 3], rows: 4120 }, { partitions: [5, 6, 7], rows: 9001 }], targetRows: 10_000, message: 'coalesced',
    };
    expect(mitigationText(m)).toBe("'agg': 8 partitions ran as 3 tasks, tiny ones coalesced: 0-3 (4,120 rows), 5-7 (9,001 rows)");
  });
  it('names a two-level count_distinct and its partitions', () => {
    const m: Mitigation = { kind: 'two-level-aggregate', stageId: 1, nodeId: 'a', partition: 2, pairRows: [5, 6, 9, 4], message: 'two levels' };
    expect(mitigationText(m)).toBe("aggregate 'a': count_distinct in two levels (distinct on key and value over 4 partitions, then count by key)");
  });
  it('a summary without mitigations has none', () => {
    expect(mitigationsOf(undefined)).toEqual([]);
    expect(mitigationsOf({})).toEqual([]);
    expect(mitigationsOf({ mitigations: [split] })).toEqual([split]);
  });
});
