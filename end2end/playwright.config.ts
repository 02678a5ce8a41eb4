import { defineConfig } from '@playwright/test';
import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';

// The server under test: the release binary on its own port with a fresh
// SQLite database and demo data (scripts/test.sh exports DEALFLOW_BIN and
// LEPTOS_SITE_ROOT).
const port = Number(process.env.DEALFLOW_E2E_PORT ?? 3123);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealflow-e2e-'));
// A second server over an empty database (no demo data), for the
// onboarding of a real installation; the tests run `dealflow admin` on its
// folder. (Workers load this file again: they inherit the folder's name.)
const emptyPort = Number(process.env.DEALFLOW_E2E_EMPTY_PORT ?? port + 1);
process.env.DEALFLOW_E2E_EMPTY_PORT = String(emptyPort);
process.env.DEALFLOW_E2E_EMPTY_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'dealflow-e2e-empty-'));
const bin = process.env.DEALFLOW_BIN ?? '../target/release/dealflow';
process.env.DEALFLOW_BIN = bin;
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? '../target/site';

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: bin,
      url: `http://127.0.0.1:${port}/healthz`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        DEALFLOW_ADDR: `127.0.0.1:${port}`,
        DEALFLOW_DATA_DIR: dataDir,
        DEALFLOW_DEMO: 'true',
        LEPTOS_SITE_ROOT: siteRoot,
        RUST_LOG: 'warn',
      },
    },
    {
      command: bin,
      url: `http://127.0.0.1:${emptyPort}/healthz`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        DEALFLOW_ADDR: `127.0.0.1:${emptyPort}`,
        DEALFLOW_DATA_DIR: process.env.DEALFLOW_E2E_EMPTY_DIR!,
        DEALFLOW_DEMO: 'false',
        LEPTOS_SITE_ROOT: siteRoot,
        RUST_LOG: 'warn',
      },
    },
  ],
});
