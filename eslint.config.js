// Lint enforces the layering of docs/architecture.md (test/lint/layering.test.ts proves each rule
// fires on a known-bad file):
//   engine/          nothing of electron, react, react-dom, @xyflow/react, no DOM globals, no storage (node:sqlite),
//                    nothing of main/ or renderer/ (layers point one way)
//   engine/compute/  the ground floor of the data path: nothing of io/, ml/, exec/, physical/,
//                    optimizer/ (they all build on the Arrow compute library, never the reverse)
//   main/services/   no electron (the services run under plain Node in browser mode and tests)
//   main/            nothing of renderer/
//   renderer/        from main only main/api.ts, and only `import type`; no electron, no Node
// plus: no eval / new Function anywhere (user expressions go through our own parser).

import tseslint from 'typescript-eslint';

const UI_PACKAGES = ['electron', 'react', 'react-dom', '@xyflow/react'];

const engineImports = {
  paths: [
    ...UI_PACKAGES.map((name) => ({
      name,
      message: `engine/ is pure TypeScript for Node and worker threads: it may not import ${name}.`,
    })),
    // The run store (main/services/runs) records runs; the engine only reports them as events.
    { name: 'node:sqlite', message: 'engine/ may not touch storage: runs are recorded by main/services/runs from the run events.' },
  ],
  patterns: [
    { group: ['electron/*', 'react/*', 'react-dom/*', '@xyflow/*'], message: 'engine/ may not import UI or Electron modules.' },
    { group: ['**/main/**', '**/renderer/**'], message: 'engine/ may not import from main/ or renderer/: layers point one way.' },
  ],
};

// engine/compute/ keeps every engine rule and adds its own floor: one no-restricted-imports entry
// per file, so the compute block repeats the engine patterns rather than replacing them.
const computeImports = {
  ...engineImports,
  patterns: [
    ...engineImports.patterns,
    {
      group: ['**/io/**', '**/ml/**', '**/exec/**', '**/physical/**', '**/optimizer/**'],
      message: 'engine/compute/ is the ground floor: it may not import io/, ml/, exec/, physical/ or optimizer/ (move the shared piece down into compute/).',
    },
  ],
};

const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage'].map((name) => ({
  name,
  message: `engine/ runs in Node and worker threads: there is no DOM global '${name}'.`,
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'playwright-report/**', 'bench/data/**',
      '.tributary/**', 'test/lint/fixtures/**',
    ],
  },
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: true } },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    // Other engineers' disable comments for rules this config does not enable are not errors.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    files: ['engine/**/*.{ts,tsx,js,mjs}'],
    rules: {
      'no-restricted-imports': ['error', engineImports],
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  {
    files: ['engine/compute/**/*.{ts,tsx,js,mjs}'],
    rules: { 'no-restricted-imports': ['error', computeImports] },
  },
  {
    files: ['main/**/*.{ts,tsx,js,mjs}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/renderer/**'], message: 'main/ may not import from renderer/: they talk only through main/api.ts.' }],
      }],
    },
  },
  {
    files: ['main/services/**/*.{ts,tsx,js,mjs}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'main/services/ may not import electron: the services also run in browser mode and tests.' }],
        patterns: [
          { group: ['electron/*'], message: 'main/services/ may not import electron.' },
          { group: ['**/renderer/**'], message: 'main/ may not import from renderer/.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx,js,mjs}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'renderer/ may not import electron: it talks to main only through main/api.ts.' }],
        patterns: [
          {
            group: ['**/main/**', '!**/main/api.ts'],
            message: 'renderer/ may import from main only main/api.ts (type-only): use getApi() from renderer/transport.',
          },
          {
            group: ['**/main/api.ts'],
            allowTypeImports: true,
            message: 'renderer/ imports main/api.ts with `import type` only: the contract is types, never code.',
          },
          { group: ['node:*'], message: 'renderer/ runs in a sandboxed page: no Node modules.' },
        ],
      }],
      // `import { type X }` still loads the module under verbatimModuleSyntax: require `import type`.
      'no-restricted-syntax': ['error', {
        selector: "ImportDeclaration[importKind='value'][source.value=/(^|\\/)main\\/api\\.ts$/]",
        message: 'renderer/ imports main/api.ts with `import type { ... }` (not inline `type` specifiers).',
      }],
    },
  },
);
