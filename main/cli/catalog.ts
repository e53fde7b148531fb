// `tributary catalog [--markdown | --json]`: the node kinds and expression functions this build
// knows. --markdown prints docs/pipeline-format.md (the reference, generated from the catalogs);
// --json the node catalog as the studio's palette reads it; without an option, one line per kind.

import { CATALOG } from '../../engine/document/catalog.ts';
import { catalogMarkdown } from './catalog-markdown.ts';

const USAGE = 'usage: tributary catalog [--markdown | --json]';

export async function run(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(`${USAGE}\n\nLists the node kinds; --markdown prints the pipeline format reference (docs/pipeline-format.md), --json the node catalog.`);
    return 0;
  }
  const unknown = argv.filter((a) => a !== '--markdown' && a !== '--json');
  if (unknown.length > 0 || argv.length > 1) {
    console.error(`tributary catalog: ${unknown.length > 0 ? `unknown argument '${unknown[0]}'` : 'give one of --markdown, --json'}\n${USAGE}`);
    return 2;
  }
  if (argv[0] === '--markdown') process.stdout.write(catalogMarkdown());
  else if (argv[0] === '--json') console.log(JSON.stringify(CATALOG, null, 2));
  else {
    const width = Math.max(...CATALOG.map((k) => k.kind.length));
    for (const k of CATALOG) console.log(`${k.kind.padEnd(width)}  ${k.title}`);
  }
  return 0;
}
