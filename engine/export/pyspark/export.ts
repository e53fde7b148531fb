// A pipeline document as a standalone PySpark script (docs/pyspark-mapping.md): the DataFrame API
// for sources, transforms, joins and sinks, pyspark.ml for feature and model nodes, and the
// settings and helpers that make Spark's answers Tributary's. The script runs by itself
// (`spark-submit pipeline.py [--master URL] [--<node> PATH ...]`) or is imported and driven with an
// existing session: `build(spark, parse_args([]))`. Nothing about the cluster is in it: the master
// comes from --master, $SPARK_MASTER or spark-defaults.conf, else local[*].

import type { DocumentNode, PipelineDocument } from '../../document/document-types.ts';
import { kindDef, withDefaults } from '../../document/catalog.ts';
import { checkGraph, type ResolvedEdge } from '../../document/graph-check.ts';
import { PipelineError } from '../../errors.ts';
import type { EmitContext, PathArg } from './emit-context.ts';
import { emitMlNode, isStageKind, stageConstructor } from './emit-ml.ts';
import { RELATIONAL_EMITTERS } from './emit-relational.ts';
import { helperCode, type HelperName } from './helpers.ts';
import { IMPORTS } from './prelude-core.ts';
import { Identifiers, optionName, pyStr } from './python-text.ts';

export interface PysparkExportOptions {
  /** Where the pipeline file is (named in the script's header). */
  readonly pipelinePath?: string;
}

interface Graph {
  readonly nodes: ReadonlyMap<string, DocumentNode>;
  readonly feeds: ReadonlyMap<string, ResolvedEdge>; // "node.port" -> edge into it
  readonly consumers: ReadonlyMap<string, number>; // node -> number of edges out of it
}

function topologicalOrder(doc: PipelineDocument, edges: readonly ResolvedEdge[]): DocumentNode[] {
  const pending = new Map(doc.nodes.map((n) => [n.id, 0]));
  for (const e of edges) pending.set(e.to.node, pending.get(e.to.node)! + 1);
  const order: DocumentNode[] = [];
  const done = new Set<string>();
  while (order.length < doc.nodes.length) {
    const next = doc.nodes.find((n) => !done.has(n.id) && pending.get(n.id) === 0)!;
    done.add(next.id);
    order.push(next);
    for (const e of edges) if (e.from.node === next.id) pending.set(e.to.node, pending.get(e.to.node)! - 1);
  }
  return order;
}

/** The node feeding `node`'s only (or first) input when it may join a Pipeline with it. */
function chainPredecessor(g: Graph, node: DocumentNode): DocumentNode | undefined {
  if (!isStageKind(node.kind)) return undefined;
  const def = kindDef(node.kind)!;
  if (node.kind.startsWith('model.') && g.feeds.has(`${node.id}.score`)) return undefined;
  const edge = g.feeds.get(`${node.id}.${def.inputs[0]!.name}`);
  const prev = edge && g.nodes.get(edge.from.node);
  if (!prev || !isStageKind(prev.kind) || prev.kind.startsWith('model.') || g.consumers.get(prev.id) !== 1) return undefined;
  return prev;
}

export function exportPipeline(doc: PipelineDocument, opts: PysparkExportOptions = {}): string {
  const unknown = doc.nodes.filter((n) => !kindDef(n.kind));
  if (unknown.length) throw new PipelineError(unknown.map((n) => ({ nodeId: n.id, kind: n.kind, message: `unknown kind '${n.kind}' of node '${n.id}': no PySpark translation` })));
  const { edges, issues } = checkGraph(doc.nodes, doc.edges);
  if (issues.length) throw new PipelineError(issues);
  const feeds = new Map(edges.map((e) => [`${e.to.node}.${e.to.port}`, e]));
  const consumers = new Map<string, number>();
  for (const e of edges) consumers.set(e.from.node, (consumers.get(e.from.node) ?? 0) + 1);
  const g: Graph = { nodes: new Map(doc.nodes.map((n) => [n.id, n])), feeds, consumers };

  const ids = new Identifiers();
  const helpers = new Set<HelperName>(['configure']);
  const imports = new Map<string, Set<string>>();
  const pathArgs: PathArg[] = [];
  const options = new Set<string>(['master']);
  const variable = (node: string, port: string): string => {
    const def = kindDef(g.nodes.get(node)!.kind)!;
    return def.outputs.length > 1 || port === 'model' ? ids.of(`${node}.${port}`) : ids.of(node);
  };
  const contextOf = (node: DocumentNode): EmitContext => {
    const def = kindDef(node.kind)!;
    const params = withDefaults(def, node.params);
    const feed = (port?: string): ResolvedEdge | undefined => feeds.get(`${node.id}.${port ?? def.inputs[0]?.name}`);
    return {
      node, params,
      input: (port) => { const e = feed(port); return e && variable(e.from.node, e.from.port); },
      inputNode: (port) => { const e = feed(port); return e && g.nodes.get(e.from.node); },
      inputNodeOf: (other) => {
        const e = feeds.get(`${other.id}.${kindDef(other.kind)!.inputs[0]?.name}`);
        return e && g.nodes.get(e.from.node);
      },
      output: (port) => variable(node.id, port ?? def.outputs[0]?.name ?? 'out'),
      need: (h) => { helpers.add(h); },
      importing: (module, name) => { imports.set(module, (imports.get(module) ?? new Set()).add(name)); },
      pathArg: (role) => {
        let option = optionName(node.id);
        while (options.has(option)) option = `${option}-path`;
        options.add(option);
        const dest = option.replaceAll('-', '_');
        const path = String(params['path']);
        pathArgs.push({ option, dest, path, help: `${role} of ${node.kind} '${node.id}'` });
        return `args.${dest}`;
      },
    };
  };

  const body: string[] = [];
  const order = topologicalOrder(doc, edges);
  const inChain = new Set<string>();
  for (const node of order) {
    if (inChain.has(node.id)) continue;
    const ctx = contextOf(node);
    const group = node.kind.split('.')[0]!;
    body.push(`# ${node.kind} '${node.id}'`);
    if (group === 'source' || group === 'transform' || group === 'join' || group === 'sink') {
      body.push(...RELATIONAL_EMITTERS[group]!(ctx));
      continue;
    }
    // A Pipeline of this stage and the stages it alone feeds, one after another.
    const chain = [node];
    for (;;) {
      const last = chain[chain.length - 1]!;
      const next = order.find((n) => chainPredecessor(g, n)?.id === last.id);
      if (!next) break;
      chain.push(next);
    }
    if (chain.length === 1) { body.push(...emitMlNode(ctx)); continue; }
    chain.forEach((n) => inChain.add(n.id));
    const last = contextOf(chain[chain.length - 1]!);
    const stages = chain.map((n) => `    ${stageConstructor(contextOf(n), '    ')},`);
    const fitted = last.output('model');
    const input = ctx.input()!;
    body.pop();
    body.push(`# ${chain.map((n) => `${n.kind} '${n.id}'`).join(', ')}`);
    ctx.importing('pyspark.ml', 'Pipeline');
    body.push(`${fitted} = Pipeline(stages=[`, ...stages, `]).fit(${input})`, `${last.output()} = ${fitted}.transform(${input})`);
  }

  return script(doc, opts, body, helpers, imports, pathArgs);
}

function script(
  doc: PipelineDocument, opts: PysparkExportOptions, body: readonly string[], helpers: ReadonlySet<HelperName>,
  imports: ReadonlyMap<string, ReadonlySet<string>>, pathArgs: readonly PathArg[],
): string {
  const importLines = [...imports.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([m, names]) => `from ${m} import ${[...names].sort().join(', ')}`);
  const argLines = pathArgs.map((a) =>
    `    parser.add_argument("--${a.option}", dest=${pyStr(a.dest)}, default=str(HERE / ${pyStr(a.path)}), help=${pyStr(a.help)})`);
  const from = opts.pipelinePath ? ` from ${opts.pipelinePath}` : '';
  return [
    '#!/usr/bin/env python3',
    `"""${doc.name.replaceAll('"""', "'''").replaceAll('\\', '/')}: a Tributary pipeline exported as PySpark${from.replaceAll('\\', '/').replaceAll('"""', '')}.`,
    '',
    'Run it with spark-submit (or python3 with pyspark installed):',
    '    spark-submit this_script.py [--master URL] [--<node> PATH ...]',
    'The master comes from --master, $SPARK_MASTER or spark-defaults.conf, else local[*].',
    'Paths default to the pipeline\'s own, relative to this script\'s folder (--help lists them).',
    '"""',
    '',
    IMPORTS,
    ...importLines,
    '',
    '# Relative paths resolve against this script\'s folder (or $TRIBUTARY_BASE_DIR, set by `tributary run --on spark`).',
    'HERE = Path(os.environ.get("TRIBUTARY_BASE_DIR") or Path(__file__).resolve().parent)',
    `PIPELINE_NAME = ${pyStr(doc.name)}`,
    '',
    '',
    helperCode(helpers).join('\n\n\n'),
    '',
    '',
    'def build(spark, args):',
    '    """Runs the pipeline in the given session; args from parse_args()."""',
    '    configure(spark)',
    ...body.map((l) => (l === '' ? '' : `    ${l.replaceAll('\n', '\n    ')}`)),
    '',
    '',
    'def parse_args(argv=None):',
    '    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])',
    '    parser.add_argument("--master", help="Spark master URL (default: $SPARK_MASTER, spark-defaults.conf, local[*])")',
    ...argLines,
    '    return parser.parse_args(argv)',
    '',
    '',
    'def main(argv=None):',
    '    args = parse_args(argv)',
    '    spark = session(PIPELINE_NAME, args.master)',
    '    try:',
    '        build(spark, args)',
    '    finally:',
    '        spark.stop()',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ].join('\n');
}
