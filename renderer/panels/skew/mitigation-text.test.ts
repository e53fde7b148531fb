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
  it('a summary without mitigations has none', () => {
    expect(mitigationsOf(undefined)).toEqual([]);
    expect(mitigationsOf({})).toEqual([]);
    expect(mitigationsOf({ mitigations: [split] })).toEqual([split]);
  });
});
