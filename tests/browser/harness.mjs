// Starts the real enquete server on a fresh SQLite database with the small demo country, and
// headless Debian Chromium with a fresh profile. Both are stopped by `stop()`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = process.env.ENQUETE_BIN || join(root, 'target', 'debug', 'enquete');
export const resultsDir = join(root, 'tests', 'browser', 'test-results');

export async function start() {
  const dir = mkdtempSync(join(tmpdir(), 'enquete-browser-'));
  const server = spawn(binary, ['serve', '--demo', '--demo-scale', 'small', '--db', `sqlite://${join(dir, 'browser.db')}`, '--addr', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ENQUETE_LOG: 'warn' },
  });
  let output = '';
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = output.match(/running at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  const profile = join(dir, 'chromium-profile');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
  mkdirSync(resultsDir, { recursive: true });
  return {
    base,
    context,
    // The SQLite file, for a test that checks what was stored.
    db: join(dir, 'browser.db'),
    output: () => output,
    async stop() {
      await context.close();
      server.kill('SIGTERM');
      await new Promise((r) => (server.exitCode !== null ? r() : server.on('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function login(page, base, email, password) {
  await page.goto(`${base}/login`);
  if (!page.url().includes('/login')) {
    // Someone is still logged in in this browser: log them out first.
    // The menu may be folded (a phone): send the logout form itself.
    await Promise.all([page.waitForNavigation(), page.evaluate(() => document.querySelector('form[action="/logout"]').requestSubmit())]);
  }
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Serious or critical problems axe-core finds on the page as it is now, one line each.
export async function seriousProblems(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

// A phone of its own (390 px): its own profile, so its own storage, service workers and session.
// Returns { context, page, dir }; close the context and remove the dir when done.
export async function launchPhone(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 390, height: 844 },
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
  const page = context.pages()[0] || (await context.newPage());
  return { context, page, dir };
}
