// Pipeline document -> a standalone TypeScript script on the `tributary` library: the pipeline
// line, then one statement per node in dependency order (a variable named after the node id, the
// kind's title as a comment, params left out where they are the default), then the run, with
// progress on a terminal and a non-zero exit code when the run does not complete.
// `p.toDocument()` of the script is the document again (test/export/round-trip.test.ts).

import { basename } from 'node:path';
import type { PipelineDocument } from '../../document/document-types.ts';
import { call, literal, object, raw, type Code } from '../code.ts';
import { nonDefaultParams, orderedNodes } from '../order.ts';
import type { ExportOptions } from '../export-types.ts';
import { planCall } from './calls.ts';
import { TS_STYLE, VariableNames, tsString } from './style.ts';

/** Names the script itself uses, besides the node variables and the imported helpers. */
const SCRIPT_NAMES = ['p', 'result', 'pipeline', 'count', 'countDistinct', 'sum', 'avg', 'min', 'max', 'stddev',
  'variance', 'median', 'first', 'asc', 'desc'];

export function exportTypeScript(doc: PipelineDocument, opts: ExportOptions = {}): string {
  const nodes = orderedNodes(doc);
  const names = new VariableNames(SCRIPT_NAMES);
  const multiOutput = new Set(nodes.filter((n) => n.def.outputs.length > 1).map((n) => n.node.id));
  const helpers = new Set<string>(['pipeline']);
  const body: string[] = [];
  for (const { node, def, inputs } of nodes) {
    const input = (port: string): string | undefined => {
      const from = inputs.get(port);
      if (!from) return undefined;
      return multiOutput.has(from.node) ? `${names.of(from.node)}.${from.port}` : names.of(from.node);
    };
    const plan = planCall(node.kind, node.id, nonDefaultParams(def, node.params), input);
    for (const h of plan.helpers) helpers.add(h);
    const head = def.group === 'sink' ? '' : `const ${names.of(node.id)} = `;
    body.push('', `// ${def.title}`, call(`${head}${plan.receiver}.${plan.method}`, plan.args, ';', TS_STYLE, 0));
  }
  const from = opts.pipelinePath ? ` from ${oneLine(basename(opts.pipelinePath))}` : '';
  const settings: (readonly [string, Code])[] = [['baseDir', raw('import.meta.dirname')]];
  for (const [k, v] of Object.entries(doc.settings ?? {})) if (v !== undefined) settings.push([k, literal(v, TS_STYLE)]);
  const ordered = ['pipeline', ...[...helpers].filter((h) => h !== 'pipeline').sort()];
  return [
    `// ${oneLine(doc.name)}: exported${from} by \`tributary export --to ts\`.`,
    "// Run it with `node` (Node 24 or later) where the tributary package resolves; relative paths",
    "// in it resolve against this file's folder, wherever it is run from.",
    '',
    importLine(ordered),
    '',
    call(`const p = pipeline`, [raw(tsString(doc.name)), object(settings)], ';', TS_STYLE, 0),
    ...body,
    '',
    'const result = await p.run({ progress: process.stdout.isTTY });',
    "if (result.status !== 'COMPLETED') {",
    "  console.error(`${p.name}: ${result.status}${result.error ? `: ${result.error.message}` : ''}`);",
    "  process.exitCode = result.status === 'CANCELLED' ? 130 : 1;",
    '}',
    '',
  ].join('\n');
}

/** Text for a `//` comment: a line break (or any control character) in a hostile name would end
 *  the comment and make the rest of the name code. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

function importLine(names: readonly string[]): string {
  const one = `import { ${names.join(', ')} } from 'tributary';`;
  return one.length <= TS_STYLE.width ? one : `import {\n${names.map((n) => `  ${n},`).join('\n')}\n} from 'tributary';`;
}
