// Bad expressions in a pipeline: each gives one precise issue on the node and param, with the span
// of the offending part and the suggestion. Runs through buildPlan, as the CLI and studio do.

import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../engine/logical/build.ts';
import { DISK_SCHEMAS } from '../../engine/disk-schemas.ts';
import type { PipelineDocument } from '../../engine/document/document-types.ts';

// events: event_id int64, user_id int32, ts timestamp, category string, amount float64, qty int32
function pipeline(condition: string): PipelineDocument {
  return {
    version: 1, name: 'bad-expr',
    nodes: [
      { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows: 10 } },
      { id: 'f', kind: 'transform.filter', params: { condition } },
    ],
    edges: [{ from: 'events', to: 'f' }],
  };
}

/** [expression, message parts, span of the first issue as the substring it covers] */
const CASES: [string, string[], string][] = [
  ['amout > 10', ["unknown column 'amout' in transform.filter 'f': did you mean 'amount'?"], 'amout'],
  ['lenght(category) > 2', ["unknown function 'lenght' at 0: did you mean 'length'?"], 'lenght'],
  ['(qty + 1 > 2', ["expected ')' at 12"], ''],
  ["category + 'x' = 'y'", ["operator '+' needs numbers, got string and string", 'use concat(a, b) to join text'], "category + 'x'"],
  ['category = 1', ['cannot compare string with int32', 'cast(x as int32)'], 'category = 1'],
  ['qty and true', ["'and' needs bool (true/false) operands, got int32", 'e.g. x > 0'], 'qty'],
  ['round(amount, 1, 2) > 0', ['round takes 1 to 2 arguments, got 3', 'write round(x) or round(x, digits)'], 'round(amount, 1, 2)'],
  ['length(qty) > 1', ['argument 1 of length must be a string, got int32', 'cast(x as string)'], 'qty'],
  ['cast(ts as int64) > 0', ['cannot cast timestamp to int64'], 'cast(ts as int64)'],
  ["ts > cast('2024-13-01' as date)", ["'2024-13-01' is not a valid date", "write it as '2024-01-31'"], "'2024-13-01'"],
  ["upper(categry) = 'A'", ["unknown column 'categry'", "did you mean 'category'?"], 'categry'],
  ["qty in (1, 'two')", ["'in' list value of type string does not match int32"], "'two'"],
  ['case when qty then true end', ["'when' needs a bool (true/false) condition, got int32"], 'qty'],
  ["case when qty > 1 then 1 else 'x' end = 1", ['case branches have types int32, string that do not mix', 'cast them to one type'], "case when qty > 1 then 1 else 'x' end"],
  ['qty < amount < 3', ["unexpected '<' at 13: comparisons do not chain; combine them with and"], '<'],
  ["category = 'open", ['unterminated string starting at 11', "add the closing '"], "'open"],
  ['qty # 2', ["unexpected character '#' at 4"], '#'],
  ['year(category) = 2024', ['argument 1 of year must be a date or timestamp, got string', 'cast(x as date)'], 'category'],
  ["cast(qty as strng) = '1'", ["unknown type 'strng' at 12: did you mean 'string'?"], 'strng'],
  ['-category = 1', ['unary minus needs a number, got string'], '-category'],
  ['not qty', ["'not' needs a bool (true/false) operand, got int32"], 'not qty'],
  ['coalesce(qty, category) = 1', ['coalesce arguments have types int32, string that do not mix'], 'coalesce(qty, category)'],
  ['if(qty, true, false)', ['argument 1 of if must be a bool (true/false), got int32'], 'qty'],
  ["qty between 1 and 'x'", ["'between' needs comparable types, got int32 between int32 and string"], "qty between 1 and 'x'"],
  ["substr(category) = 'a'", ['substr takes 2 to 3 arguments, got 1', 'substr(text, start)'], 'substr(category)'],
  ['   ', ['empty expression'], ''],
  ['qty > 99999999999999999999', ['is out of the int64 range', 'write it as 99999999999999999999.0'], '99999999999999999999'],
  ['end > 1', ["unexpected keyword 'end' at 0", 'quote a column named \'end\' as "end"'], 'end'],
  ["ts > 'yesterday'", ['cannot compare timestamp with string'], "ts > 'yesterday'"],
  ['amount + 1', ["condition of transform.filter 'f' must be true/false, got float64", 'e.g. x > 0'], 'amount + 1'],
  ['qty > 1 and', ['expected a value, column or function at 11, found end of expression'], ''],
  ['contains(category)', ['contains takes 2 arguments, got 1', 'contains(text, part)'], 'contains(category)'],
];

describe('bad expressions', () => {
  it.each(CASES)('%s', async (text, parts, covered) => {
    const r = await buildPlan(pipeline(text), { readers: DISK_SCHEMAS, baseDir: '/' });
    expect(r.plan).toBeUndefined();
    expect(r.issues).toHaveLength(1);
    const issue = r.issues[0]!;
    expect(issue).toMatchObject({ nodeId: 'f', kind: 'transform.filter', param: 'condition' });
    for (const part of parts) expect(issue.message).toContain(part);
    expect(issue.span).toBeDefined();
    expect(text.slice(issue.span!.start, issue.span!.end)).toBe(covered);
  });

  it('reports every bad part of one expression, each with its span', async () => {
    const text = "amout > 10 and contry = 'DE'";
    const r = await buildPlan(pipeline(text), { readers: DISK_SCHEMAS, baseDir: '/' });
    expect(r.issues.map((i) => [text.slice(i.span!.start, i.span!.end), i.message])).toEqual([
      ['amout', "unknown column 'amout' in transform.filter 'f': did you mean 'amount'?"],
      ['contry', "unknown column 'contry' in transform.filter 'f': did you mean 'country'?".replace("did you mean 'country'?", 'the columns are event_id, user_id, ts, category, amount, qty')],
    ]);
  });

  it('points into the right expression of a derive', async () => {
    const doc = pipeline('qty > 1');
    const r = await buildPlan({ ...doc, nodes: [doc.nodes[0]!, { id: 'f', kind: 'transform.derive', params: { columns: [
      { name: 'a', expr: 'qty * 2' }, { name: 'b', expr: 'a + amout' }] } }] }, { readers: DISK_SCHEMAS, baseDir: '/' });
    expect(r.issues).toEqual([{ nodeId: 'f', kind: 'transform.derive', param: 'columns[1].expr', span: { start: 4, end: 9 },
      message: "unknown column 'amout' in column 'b' of transform.derive 'f': did you mean 'amount'?" }]);
  });

  it('names the derived column whose expression calls an unknown function', async () => {
    const doc = pipeline('qty > 1');
    const r = await buildPlan({ ...doc, nodes: [doc.nodes[0]!, { id: 'f', kind: 'transform.derive', params: { columns: [
      { name: 'month', expr: 'monthh(ts)' }] } }] }, { readers: DISK_SCHEMAS, baseDir: '/' });
    expect(r.issues).toEqual([{ nodeId: 'f', kind: 'transform.derive', param: 'columns[0].expr', span: { start: 0, end: 6 },
      message: "unknown function 'monthh' at 0: did you mean 'month'? (in column 'month' of transform.derive 'f')" }]);
  });
});
