// elkjs, the layered graph layout behind the canvas's auto-layout and the Plan tab's graph, is
// 1.6 MB of JavaScript: it loads on the first layout, not with the studio (a smaller first script
// to parse on every start).

import type { ELK } from 'elkjs/lib/elk.bundled.js';

let elk: Promise<ELK> | undefined;

/** The one elk instance, loaded the first time it is asked for. */
export function loadElk(): Promise<ELK> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return elk;
}
