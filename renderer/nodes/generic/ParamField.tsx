// One parameter's editor, chosen by its catalog ParamDef type: text, number, switch, enum,
// expression, column pickers fed by the upstream port's inferred columns, lists, maps and
// records (aggregations, join keys, sort keys).

import type { KindDef, PipelineIssue, Schema } from '../../../main/api.ts';
import { ExpressionEditor } from '../expression/ExpressionEditor.tsx';
import { RecordsEditor } from './RecordsEditor.tsx';
import { TextField } from './TextField.tsx';
import { formatOfKind, PathField } from '../../files/PathField.tsx';

export type ParamDef = KindDef['params'][number];

export interface FieldProps {
  readonly def: ParamDef;
  readonly value: unknown;
  readonly onChange: (value: unknown) => void;
  /** Columns per input port (from pipeline.check), for column pickers. */
  readonly columnsOf: (port: string | undefined) => Schema | undefined;
  readonly id: string;
  /** Where the value sits in the node's params (`columns[0].expr`): issues name it. Default: def.name. */
  readonly path?: string;
  /** The node's issues whose param is `path`. */
  readonly issuesAt?: (path: string) => readonly PipelineIssue[];
  /** The node's kind: a source's or sink's path gets the file picker. */
  readonly kind?: string;
}

function fmtDefault(v: unknown): string {
  return v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
}

function ColumnSelect({ def, value, onChange, columnsOf, id }: FieldProps) {
  const schema = columnsOf(def.columnsOf);
  const current = typeof value === 'string' ? value : '';
  if (!schema) {
    return <TextField id={id} className="input" value={current} placeholder={fmtDefault(def.default) || 'column'}
      aria-label={def.name} onCommit={(t) => onChange(t === '' ? undefined : t)} />;
  }
  const known = schema.fields.some((f) => f.name === current);
  return (
    <select id={id} className="input" value={current} aria-label={def.name}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
      <option value="">{def.default !== undefined ? `(default: ${fmtDefault(def.default)})` : '—'}</option>
      {!known && current && <option value={current}>{current} (not in input)</option>}
      {schema.fields.map((f) => <option key={f.name} value={f.name}>{f.name} · {f.type}</option>)}
    </select>
  );
}

function ColumnsPicker({ def, value, onChange, columnsOf, id }: FieldProps) {
  const schema = columnsOf(def.columnsOf);
  const chosen = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  if (!schema) {
    return <TextField id={id} className="input" value={chosen.join(', ')} placeholder="col1, col2" aria-label={def.name}
      onCommit={(t) => onChange(t.trim() === '' ? [] : t.split(',').map((x) => x.trim()).filter(Boolean))} />;
  }
  const names = [...schema.fields.map((f) => f.name), ...chosen.filter((c) => !schema.fields.some((f) => f.name === c))];
  return (
    <div className="chips" id={id} role="group" aria-label={def.name}>
      {names.map((n) => {
        const on = chosen.includes(n);
        return (
          <button key={n} type="button" className={`chip${on ? ' on' : ''}`} aria-pressed={on}
            onClick={() => onChange(on ? chosen.filter((c) => c !== n) : [...chosen, n])}>{n}</button>
        );
      })}
    </div>
  );
}

function parseList(text: string, numbers: boolean): unknown[] {
  const parts = text.split(',').map((x) => x.trim()).filter((x) => x !== '');
  return numbers ? parts.map(Number) : parts;
}

export function ParamField(props: FieldProps) {
  const { def, value, onChange, id } = props;
  switch (def.type) {
    case 'boolean': {
      const on = typeof value === 'boolean' ? value : def.default === true;
      return <input id={id} type="checkbox" className="switch" checked={on} aria-label={def.name}
        onChange={(e) => onChange(e.target.checked)} />;
    }
    case 'enum': {
      const current = typeof value === 'string' ? value : fmtDefault(def.default);
      return (
        <select id={id} className="input" value={current} aria-label={def.name} onChange={(e) => onChange(e.target.value)}>
          {!def.required && def.default === undefined && <option value="">—</option>}
          {(def.options ?? []).map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      );
    }
    case 'number':
    case 'integer':
      return <TextField id={id} className="input num" inputMode="decimal" aria-label={def.name}
        value={typeof value === 'number' ? String(value) : ''} placeholder={fmtDefault(def.default)}
        onCommit={(t) => {
          const n = Number(t);
          onChange(t.trim() === '' ? undefined : Number.isFinite(n) ? (def.type === 'integer' ? Math.trunc(n) : n) : t);
        }} />;
    case 'expression':
      return <ExpressionEditor id={id} label={def.name} value={typeof value === 'string' ? value : ''}
        placeholder={fmtDefault(def.default) || "e.g. amount > 10 and country != 'ZZ'"}
        schema={props.columnsOf(def.columnsOf)} issues={props.issuesAt?.(props.path ?? def.name) ?? []}
        onCommit={(t) => onChange(t.trim() === '' ? undefined : t)} />;
    case 'column':
      return <ColumnSelect {...props} />;
    case 'columns':
      return <ColumnsPicker {...props} />;
    case 'numbers':
    case 'strings':
      return <TextField id={id} className="input" aria-label={def.name}
        value={Array.isArray(value) ? value.join(', ') : ''} placeholder={fmtDefault(def.default)}
        onCommit={(t) => onChange(t.trim() === '' ? undefined : parseList(t, def.type === 'numbers'))} />;
    case 'typeMap':
    case 'valueMap':
      return <TextField id={id} className="input code" aria-label={def.name}
        value={value === undefined ? '' : JSON.stringify(value)} placeholder='{"column": …}'
        onCommit={(t) => {
          if (t.trim() === '') return onChange(undefined);
          try { onChange(JSON.parse(t)); } catch { onChange(t); }
        }} />;
    case 'records':
      return <RecordsEditor {...props} />;
    case 'path':
      if (props.kind && formatOfKind(props.kind)) {
        return <PathField id={id} label={def.name} kind={props.kind} value={typeof value === 'string' ? value : ''}
          placeholder={fmtDefault(def.default)} onChange={onChange} />;
      }
      return <TextField id={id} className="input" aria-label={def.name} value={typeof value === 'string' ? value : ''}
        placeholder={fmtDefault(def.default)} onCommit={(t) => onChange(t === '' ? undefined : t)} />;
    default:
      return <TextField id={id} className="input" aria-label={def.name} value={typeof value === 'string' ? value : value === undefined ? '' : String(value)}
        placeholder={fmtDefault(def.default)} onCommit={(t) => onChange(t === '' ? undefined : t)} />;
  }
}
