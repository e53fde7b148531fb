// A table that renders only the rows in view (plus a few), so a thousand-row preview scrolls
// as smoothly as ten. Column types in the header; SQL null is drawn distinct from ''.

import { useState, type ReactNode } from 'react';
import type { Cell, Schema } from '../../../main/api.ts';

const ROW_H = 24;
const OVERSCAN = 8;
const COL_W = 150;

export function renderCell(v: Cell): ReactNode {
  if (v === null) return <span className="cell-null">null</span>;
  if (v === '') return <span className="cell-empty">""</span>;
  if (Array.isArray(v)) return `[${v.map((x) => (Number.isInteger(x) ? x : x.toFixed(4))).join(', ')}]`;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
  return String(v);
}

function isNumericType(t: string): boolean {
  return t === 'int32' || t === 'int64' || t === 'float64';
}

export function VirtualTable({ schema, rows, height }: { schema: Schema; rows: readonly (readonly Cell[])[]; height: number }) {
  const [top, setTop] = useState(0);
  const first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((top + height) / ROW_H) + OVERSCAN);
  const width = 56 + schema.fields.length * COL_W;
  return (
    <div className="vtable" style={{ height }} onScroll={(e) => setTop(e.currentTarget.scrollTop)}
      role="table" aria-rowcount={rows.length + 1} aria-colcount={schema.fields.length} tabIndex={0} data-testid="preview-table">
      <div className="vtable-head" role="row" style={{ width }}>
        <div className="vcell vcell-index" role="columnheader">#</div>
        {schema.fields.map((f) => (
          <div key={f.name} className={`vcell${isNumericType(f.type) ? ' num' : ''}`} role="columnheader" style={{ width: COL_W }}
            data-column={f.name}>
            <span className="col-name">{f.name}</span><span className="col-type">{f.type}</span>
          </div>
        ))}
      </div>
      <div className="vtable-body" style={{ height: rows.length * ROW_H, width }}>
        {rows.slice(first, last).map((r, i) => {
          const index = first + i;
          return (
            <div key={index} className="vrow" role="row" aria-rowindex={index + 2} style={{ top: index * ROW_H }} data-row={index}>
              <div className="vcell vcell-index">{index + 1}</div>
              {schema.fields.map((f, c) => (
                <div key={f.name} className={`vcell${isNumericType(f.type) ? ' num' : ''}`} role="cell" style={{ width: COL_W }}
                  title={r[c] === null ? 'null' : String(r[c])}>{renderCell(r[c] ?? null)}</div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
