// End-to-end tests: Debian's Chromium (no browser downloads) against browser mode. The global
// setup builds the studio (unless TRIBUTARY_SKIP_BUILD=1, as test/run-all.ts sets after its own
// build) and starts `tributary serve` in a temp workspace; tests read TRIBUTARY_URL and
// TRIBUTARY_TOKEN from the environment.

import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/serve-studio.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // One browser at a time: the machine has two cores and the engine wants them.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['json'], ['list']] : [['list']],
  // A folder of its own: Playwright empties its outputDir at the start, and test-results/ holds
  // vitest's report and per-file times from the same `npm test`.
  outputDir: 'test-results/e2e',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run'],
    },
  },
});
