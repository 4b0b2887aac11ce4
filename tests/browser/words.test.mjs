// A campaign's dashboard reads on a phone with its numbers (issue 15, problem 6), and pages
// speak the reader's language with its numbers, dates and plurals (problem 8).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, login } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.stop();
});

test('the campaign dashboard shows every unit below with its numbers, and who is behind', async () => {
  const page = await env.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, env.base, 'national-admin@demo.enquete.org', 'demo-national-admin-pass');
  await page.goto(`${env.base}/campaigns`);
  const href = await page.locator('main a[href^="/campaigns/"]').first().getAttribute('href');
  await page.goto(`${env.base}${href}`);
  // Each unit below: a figure with "done / target" written out, also where nothing is done yet.
  const figures = page.locator('#below figure');
  const n = await figures.count();
  assert.ok(n > 0, 'units below');
  for (let i = 0; i < n; i++) {
    const text = await figures.nth(i).textContent();
    assert.match(text, /\d+\s*\/\s*(\d|–)/, `a number on ${text.slice(0, 40)}`);
  }
  // Units behind: counted, and not cut at 20.
  if (await page.locator('#behind-count').count()) {
    const units = Number((await page.textContent('#behind-count')).replace(/\D/g, '')) || 0;
    if (await page.locator('#behind-all').count()) {
      await Promise.all([page.waitForNavigation(), page.click('#behind-all')]);
    }
    // One row per unit and target behind: every unit counted is listed.
    const listed = new Set(await page.locator('#behind tbody tr td:first-child a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))));
    assert.equal(listed.size, units, 'every unit behind is listed');
  }
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 1, 'fits the phone');
  await page.close();
});

test('pages read in Dutch and French with their own words, numbers and dates', async () => {
  const page = await env.context.newPage();
  await login(page, env.base, 'national-admin@demo.enquete.org', 'demo-national-admin-pass');
  // Dutch: the menu says "Gebruikers", not "Accounts"; counts are grouped with a dot.
  await Promise.all([page.waitForNavigation(), page.click('footer form.lang button[value=nl]')]);
  const nav = await page.locator('header nav').textContent();
  assert.match(nav, /Gebruikers/);
  assert.doesNotMatch(nav, /Accounts/);
  await page.goto(`${env.base}/surveys`);
  for (const cell of await page.locator('main table tbody tr td:nth-child(4)').allTextContents()) {
    assert.match(cell.trim(), /^(\d{1,3}(\.\d{3})*)?$/, `responses grouped the Dutch way: ${cell}`);
  }
  await Promise.all([page.waitForNavigation(), page.click('footer form.lang button[value=en]')]);

  // A visitor reads an action's public page in French: the date in words.
  await page.goto(`${env.base}/actions`);
  const href = await page.locator('main a[href^="/actions/"]').first().getAttribute('href');
  await page.goto(`${env.base}${href}`);
  const url = await page.inputValue('.share input.share-url');
  await env.context.clearCookies();
  await page.goto(`${env.base}${new URL(url).pathname}?lang=fr`);
  const when = await page.textContent('main p.big');
  assert.match(when, /(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)/, when);
  assert.doesNotMatch(when, /\d{4}-\d{2}-\d{2}/, 'not an ISO date');
  await page.close();
});
