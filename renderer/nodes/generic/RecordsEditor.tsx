// A list of records (aggregations, join keys, sort keys, derived columns): one row per record,
// one compact field per catalog field, add and remove buttons.

import { ParamField, type FieldProps } from './ParamField.tsx';

export function RecordsEditor({ def, value, onChange, columnsOf, id, path, issuesAt }: FieldProps) {
  // An element may be written as a bare string (the catalog's `shorthand` field): edit it as a record.
  const rows = (Array.isArray(value) ? (value as unknown[]) : []).map((r): Record<string, unknown> =>
    typeof r === 'string' ? { [def.shorthand ?? 'column']: r } : (r as Record<string, unknown>));
  const fields = def.fields ?? [];
  const setRow = (i: number, name: string, v: unknown) => {
    const next = rows.map((r, j) => {
      if (j !== i) return r;
      const copy: Record<string, unknown> = {};
      for (const f of fields) {
        const fv = f.name === name ? v : r[f.name];
        if (fv !== undefined) copy[f.name] = fv;
      }
      return copy;
    });
    onChange(next);
  };
  const blank = (): Record<string, unknown> => {
    const r: Record<string, unknown> = {};
    for (const f of fields) {
      if (f.required && f.type === 'enum' && f.options?.[0]) r[f.name] = f.default ?? f.options[0];
    }
    return r;
  };
  return (
    <div className="records" id={id} role="group" aria-label={def.name}>
      {rows.map((r, i) => (
        <div className="record" key={i}>
          {fields.map((f) => (
            <label key={f.name} className={`record-field${f.type === 'expression' ? ' wide' : ''}`} title={f.doc}>
              <span className="record-label">{f.name}</span>
              <ParamField def={f} value={r[f.name]} id={`${id}-${i}-${f.name}`}
                path={`${path ?? def.name}[${i}].${f.name}`} {...(issuesAt ? { issuesAt } : {})}
                columnsOf={(port) => columnsOf(f.columnsOf ?? port ?? def.columnsOf)}
                onChange={(v) => setRow(i, f.name, v)} />
            </label>
          ))}
          <button type="button" className="icon-btn" aria-label={`Remove ${def.name} ${i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}>×</button>
        </div>
      ))}
      <button type="button" className="btn small" onClick={() => onChange([...rows, blank()])}>+ Add</button>
    </div>
  );
}
