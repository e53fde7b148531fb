// Lint enforces the layering of docs/architecture.md (test/lint/layering.test.ts proves each rule
// fires on a known-bad file):
//   engine/          nothing of electron, react, react-dom, @xyflow/react, no DOM globals, no storage (node:sqlite),
//                    nothing of main/ or renderer/ (layers point one way)
//   engine/ floors   each room of engine/ (a folder, or a file at its top) stands on a floor of
//                    ENGINE_FLOORS below and imports only its own room and the floors beneath it:
//                    no import runs back up a floor, nor sideways to another room of its floor
//                    above the ground (tests are not rooms: they may reach any floor)
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

// The engine's floors, bottom up (docs/architecture.md). A folder room ends in '/'. An import is
// matched by its text, so a folder's pattern '**/io/**' catches '../io/paths.ts' and
// '../../io/csv/csv-read.ts', a file's '**/compile.ts' catches './compile.ts' and '../compile.ts'.
export const ENGINE_FLOORS = [
  ['types.ts', 'errors.ts', 'random.ts', 'path-policy.ts'],
  ['document/'],
  ['logical/'],
  ['compute/', 'export/', 'optimizer/'],
  ['io/'],
  ['ml/'],
  ['physical/', 'disk-schemas.ts'],
  ['compile-types.ts'],
  ['compile.ts', 'compile-cache.ts'],
  ['exec/'],
];

const SOURCE = '*.{ts,tsx,js,mjs}';
const roomFiles = (room) => (room.endsWith('/') ? `engine/${room}**/${SOURCE}` : `engine/${room}`);
const roomImports = (room) => (room.endsWith('/') ? `**/${room}**` : `**/${room}`);
// The same rooms as a module text of a dynamic import(), which no-restricted-imports does not see.
const roomText = (room) => (room.endsWith('/') ? `(^|\\/)${room.slice(0, -1)}\\/` : `(^|\\/)${room.replaceAll('.', '\\.')}$`);

// One block per room: the engine's rules plus one pattern per room it may not reach (a file has
// one no-restricted-imports entry, so each block repeats the engine patterns), and the same rooms
// for import() (no-restricted-syntax).
const floorBlocks = ENGINE_FLOORS.flatMap((rooms, i) => rooms.map((room) => {
  const above = ENGINE_FLOORS.slice(i + 1).flatMap((upper, k) => upper.map((r) => ({ room: r, floor: i + 2 + k })));
  // The ground's files are the engine's shared words (types, errors, the path policy): they may
  // name each other. Above it, the rooms of one floor stand side by side.
  const beside = i === 0 ? [] : rooms.filter((r) => r !== room).map((r) => ({ room: r, floor: i + 1 }));
  const banned = [...beside, ...above].map((b) => ({
    ...b,
    message: `engine/${room} stands on floor ${i + 1} and may not import engine/${b.room} (floor ${b.floor}): `
      + 'no import runs back up a floor or across one (docs/architecture.md); move the shared piece down, or have the caller hand it in.',
  }));
  return {
    files: [roomFiles(room)],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        ...engineImports,
        patterns: [...engineImports.patterns, ...banned.map((b) => ({ group: [roomImports(b.room)], message: b.message }))],
      }],
      'no-restricted-syntax': ['error', ...banned.map((b) => ({
        selector: `ImportExpression[source.value=/${roomText(b.room)}/]`,
        message: b.message,
      }))],
    },
  };
}));

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
  ...floorBlocks,
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
