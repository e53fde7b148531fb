// Syntax highlighting of exported programs: highlight.js's core with only the languages the export
// targets produce (a few kB instead of the full bundle). Its output escapes the code's HTML.

import hljs from 'highlight.js/lib/core';
import python from 'highlight.js/lib/languages/python';
import typescript from 'highlight.js/lib/languages/typescript';

hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('python', python);

const BY_EXTENSION: Readonly<Record<string, string>> = { '.ts': 'typescript', '.py': 'python' };

/** The code as highlighted HTML, or undefined for a file type without a grammar (shown plain). */
export function highlightedHtml(code: string, fileName: string): string | undefined {
  const ext = fileName.slice(fileName.lastIndexOf('.'));
  const language = BY_EXTENSION[ext];
  return language ? hljs.highlight(code, { language, ignoreIllegals: true }).value : undefined;
}
