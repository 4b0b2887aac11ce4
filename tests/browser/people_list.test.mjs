// An organizer on a phone (390 px) narrows the people list to contacts, sorts it by newest,
// ticks two people and tags them, and sees the tag on both; the list says how many pages it has
// and is never wider than the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, login, resultsDir } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.stop();
});

async function noWiderThanTheScreen(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide`);
}

test('an organizer filters by stage, sorts, selects two people and tags them', async () => {
  const page = await env.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, env.base, 'organizer@demo.enquete.org', 'demo-organizer-pass');

  await page.goto(`${env.base}/people`);
  assert.match(await page.textContent('#people-count'), /people found · page 1 of \d+/);
  await noWiderThanTheScreen(page);

  // Contacts only, newest first.
  await page.selectOption('form.search select[name=stage]', 'contact');
  await page.selectOption('form.search select[name=sort]', 'newest');
  await Promise.all([page.waitForNavigation(), page.click('form.search button[type=submit]')]);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('stage'), 'contact');
  assert.equal(url.searchParams.get('sort'), 'newest');
  const stages = await page.$$eval('table.people tbody tr .stage', (s) => s.map((e) => e.className));
  assert.ok(stages.length > 0 && stages.every((c) => c.includes('stage-contact')), `contacts only: ${stages} at ${page.url()}: ${await page.textContent('#people-count')}`);
  await noWiderThanTheScreen(page);

  // "Select all on this page" is there (the script shows it), and ticks every box.
  const all = page.locator('#select-page');
  await all.check();
  const boxes = page.locator('input[name=person]');
  const count = await boxes.count();
  assert.ok(count >= 2);
  for (let i = 0; i < count; i++) assert.equal(await boxes.nth(i).isChecked(), true);
  await all.uncheck();

  // Two people ticked, tagged.
  const rows = page.locator('table.people tbody tr');
  const names = [];
  for (const i of [0, 1]) {
    await rows.nth(i).locator('input[name=person]').check();
    names.push((await rows.nth(i).locator('td a').first().textContent()).trim());
  }
  await page.fill('input[name=tag_name]', 'doorknock');
  await page.screenshot({ path: join(resultsDir, 'people-list-selected.png'), fullPage: false });
  await Promise.all([page.waitForNavigation(), page.click('button[name=do][value=tag-add]')]);

  assert.match(await page.textContent('.notice'), /2 changed, 0 already so, 0 skipped/);
  for (const name of names) {
    const row = page.locator('table.people tbody tr', { has: page.locator('a', { hasText: name }) }).first();
    assert.match(await row.locator('td.tags').textContent(), /doorknock/, `${name} has the tag`);
  }
  await noWiderThanTheScreen(page);

  // The tag is a filter too: exactly those two.
  await page.goto(`${env.base}/people?tag=doorknock`);
  const tagged = await page.$$eval('table.people tbody tr td a', (as) => as.map((a) => a.textContent.trim()));
  assert.deepEqual(tagged.sort(), [...names].sort());
  await page.screenshot({ path: join(resultsDir, 'people-list-tagged.png'), fullPage: true });
});
