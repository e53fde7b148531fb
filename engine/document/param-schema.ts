// zod schemas of node params, derived from the catalog's ParamDefs (the one source of truth), and
// the check of one node's params: missing required ones, unknown ones (with the closest name),
// and wrong-typed values, each as a PipelineIssue naming the node and the param.

import { z } from 'zod';
import type { KindDef, ParamDef } from './catalog-types.ts';
import type { PipelineIssue } from '../errors.ts';
import { DATA_TYPES } from '../types.ts';
import { didYouMean } from './closest.ts';

const CSV_TYPES = DATA_TYPES.filter((t) => t !== 'vector');

/** A short description of a JSON value, for "got ..." texts. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}...` : v}'`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/** What a param of this definition must be, in words. */
export function expectation(p: ParamDef): string {
  switch (p.type) {
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'integer': return 'an integer';
    case 'boolean': return 'true or false';
    case 'enum': return `one of ${p.options!.map((o) => `"${o}"`).join(', ')}`;
    case 'path': return 'a file path (a string)';
    case 'expression': return 'an expression (a string such as "amount > 10")';
    case 'column': return 'a column name (a string)';
    case 'columns': return 'a list of column names, e.g. ["a", "b"]';
    case 'numbers': return 'a list of numbers, e.g. [0, 10, 100]';
    case 'strings': return 'a list of strings';
    case 'typeMap': return `an object of column -> type, types being ${CSV_TYPES.join(', ')}`;
    case 'valueMap': return 'an object of column -> value (a number, string or true/false)';
    case 'records': {
      const fields = p.fields!.map((f) => `"${f.name}"`).join(', ');
      return p.shorthand ? `a list whose items are column names or objects with ${fields}` : `a list of objects with ${fields}`;
    }
  }
}

type ErrorFn = (iss: { input?: unknown }) => string;

function err(expected: string, suggest?: readonly string[]): ErrorFn {
  return (iss) => {
    if (iss.input === undefined) return `missing; expected ${expected}`;
    const hint = suggest && typeof iss.input === 'string' ? didYouMean(iss.input, suggest) : '';
    return `expected ${expected}, got ${describeValue(iss.input)}${hint}`;
  };
}

/** The zod schema of one param value (present: absence is checked separately). */
export function paramSchema(p: ParamDef): z.ZodType {
  const e = err(expectation(p));
  const text = () => z.string({ error: e }).min(1, { error: `must not be empty; expected ${expectation(p)}` });
  switch (p.type) {
    case 'string': return z.string({ error: e });
    case 'path': case 'expression': case 'column': return text();
    case 'number': return z.number({ error: e });
    case 'integer': return z.number({ error: e }).int({ error: e });
    case 'boolean': return z.boolean({ error: e });
    case 'enum': return z.enum(p.options as [string, ...string[]], { error: err(expectation(p), p.options) });
    case 'columns': case 'strings':
      return z.array(p.type === 'columns' ? z.string({ error: err('a column name') }).min(1, { error: 'must not be empty' }) : z.string({ error: err('a string') }), { error: e });
    case 'numbers': return z.array(z.number({ error: err('a number') }), { error: e });
    case 'typeMap': return z.record(z.string(), z.enum(CSV_TYPES as [string, ...string[]], { error: err(`a type (${CSV_TYPES.join(', ')})`, CSV_TYPES) }), { error: e });
    case 'valueMap':
      return z.record(z.string(), z.union([z.number(), z.string(), z.boolean()], { error: err('a number, string or true/false') }), { error: e });
    case 'records': {
      const shape: Record<string, z.ZodType> = {};
      for (const f of p.fields!) shape[f.name] = f.required ? paramSchema(f) : paramSchema(f).optional();
      const element = z.strictObject(shape, { error: err(expectation(p).replace(/^a list whose items are |^a list of /, '')) });
      const item = p.shorthand ? z.preprocess((v) => (typeof v === 'string' ? { [p.shorthand!]: v } : v), element) : element;
      return z.array(item, { error: e }).min(1, { error: `must not be empty; expected ${expectation(p)}` });
    }
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
}

/** Checks one node's params against its kind. */
export function checkParams(
  nodeId: string, def: KindDef, params: Readonly<Record<string, unknown>>,
): PipelineIssue[] {
  const issues: PipelineIssue[] = [];
  const where = `${def.kind} '${nodeId}'`;
  const known = def.params.map((p) => p.name);
  for (const name of Object.keys(params)) {
    if (known.includes(name)) continue;
    const hint = didYouMean(name, known, known.length ? `: the params are ${known.join(', ')}` : `: ${def.kind} takes no params`);
    issues.push({ nodeId, kind: def.kind, param: name, message: `unknown param '${name}' of ${where}${hint}` });
  }
  for (const p of def.params) {
    const value = params[p.name];
    if (value === undefined) {
      if (p.required) {
        issues.push({ nodeId, kind: def.kind, param: p.name,
          message: `missing param '${p.name}' of ${where}: expected ${expectation(p)} (${p.doc.replace(/\.$/, '')})` });
      }
      continue;
    }
    const result = paramSchema(p).safeParse(value);
    if (result.success) continue;
    for (const iss of result.error.issues) {
      const at = `${p.name}${pathText(iss.path)}`;
      let message = iss.message;
      if (iss.code === 'unrecognized_keys') {
        const fields = (p.fields ?? []).map((f) => f.name);
        message = iss.keys.map((k) => `unknown field '${k}'${didYouMean(k, fields, `: the fields are ${fields.join(', ')}`)}`).join('; ');
      }
      // `param` is the path of the bad value (`on[0].right`), so the inspector can point at the field.
      const param = iss.code === 'unrecognized_keys' ? `${p.name}${pathText(iss.path)}` : at;
      issues.push({ nodeId, kind: def.kind, param, message: `param '${at}' of ${where}: ${message}` });
    }
  }
  return issues;
}

