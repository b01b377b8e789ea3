// Playwright drives Debian's Chromium (/usr/bin/chromium, or $CHROMIUM); it never
// downloads browsers. `cargo xtask test` starts the reference server on a free port and
// sets BASE_URL (host page, http://localhost:P) and WIDGET_ORIGIN (the widget, served
// from http://127.0.0.1:P: another origin, as on a real site). Run alone
// (`npx playwright test` after `cargo xtask build`), this config starts the server itself.
import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

const CI = !!process.env.CI;
const port = Number(process.env.E2E_PORT ?? 4173);
const external = process.env.BASE_URL;
const baseURL = external ?? `http://localhost:${port}`;
process.env.BASE_URL = baseURL;
process.env.WIDGET_ORIGIN ??= `http://127.0.0.1:${port}`;
// The server's data directory: tests read its SQLite file (helpers.ts `sql`).
// Set here once; workers inherit it.
process.env.E2E_DATA_DIR ??= path.join(os.tmpdir(), `shoppable-e2e-${port}-${Date.now()}`);
// The admin token the server is started with (xtask/src/server.rs).
process.env.E2E_ADMIN_TOKEN ??= 'e2e-admin-token-00000000000000000000';
// The producer token of its live show, spring-launch (xtask/src/server.rs).
process.env.E2E_PRODUCER_TOKEN ??= 'e2e-producer-token-000000000000000000';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  forbidOnly: CI,
  // No retries: a flaky test is a bug to find, not to hide.
  retries: 0,
  workers: CI ? 1 : undefined,
  // `cargo xtask test` puts results and the HTML report under target/xtask, so a
  // concurrent `npx playwright test` here cannot delete its traces mid-run.
  outputDir: process.env.E2E_OUTPUT_DIR ?? 'test-results',
  reporter: [
    [CI ? 'line' : 'list'],
    ['html', { open: 'never', outputFolder: process.env.E2E_REPORT_DIR ?? 'playwright-report' }],
  ],
  use: {
    baseURL,
    browserName: 'chromium',
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // The host page (localhost) fetches from the widget origin (127.0.0.1): both
        // loopback, but Chromium's local-network-access prompt must not get in the way.
        '--disable-features=LocalNetworkAccessChecks',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'chromium', testIgnore: 'mobile.spec.ts' },
    // A phone: touch, mobile viewport meta honoured; mobile.spec.ts sets each
    // viewport (390×844, 320×568) directly.
    { name: 'mobile', testMatch: 'mobile.spec.ts', use: { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
  ],
  webServer: external
    ? undefined
    : {
        // A fresh data directory per run, so orders and stock start clean.
        // Run from the repo root: the server finds www/ and target/dist relative to it.
        command: `exec target/release/server --port ${port} --widget-origin http://127.0.0.1:${port} --exit-after 1800 --test-payments --admin-token ${process.env.E2E_ADMIN_TOKEN} --producer-token ${process.env.E2E_PRODUCER_TOKEN} --live-source spring-launch=www/test/players/hls/live-source.mp4 --data-dir "${process.env.E2E_DATA_DIR}"`,
        cwd: '../..',
        url: `${baseURL}/`,
        reuseExistingServer: !CI,
        timeout: 30_000,
      },
});
