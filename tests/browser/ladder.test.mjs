// An organizer logs in, finds a person and moves them one stage up the ladder, in a real
// browser against the real server.
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

test('an organizer finds a contact and moves them up to sympathiser', async () => {
  const page = await env.context.newPage();
  await login(page, env.base, 'organizer@demo.enquete.org', 'demo-organizer-pass');
  assert.match(await page.title(), /Enquête/);

  // Find a contact through the people search.
  await page.click('header nav a[href="/people"]');
  await page.selectOption('select[name=stage]', 'contact');
  await Promise.all([page.waitForNavigation(), page.click('form.search button[type=submit]')]);
  const first = page.locator('table.people tbody tr td a').first();
  const name = (await first.textContent()).trim();
  assert.ok(name.length > 0, 'the search shows people');

  // Search by that name, as an organizer would, and open the record.
  await page.fill('input[name=q]', name);
  await page.selectOption('select[name=stage]', '');
  await Promise.all([page.waitForNavigation(), page.click('form.search button[type=submit]')]);
  await Promise.all([page.waitForNavigation(), page.locator('table.people tbody tr td a', { hasText: name }).first().click()]);
  assert.equal((await page.locator('h1').textContent()).includes(name), true);
  assert.equal((await page.textContent('#stage')).trim(), 'contact');
  const personUrl = page.url();

  // One stage up: the form proposes the next stage; give the reason.
  assert.equal(await page.inputValue('#move-stage select[name=to]'), 'sympathiser');
  await page.fill('#move-stage input[name=reason]', 'came to the swimming-pool action');
  await Promise.all([page.waitForNavigation(), page.click('#move-stage button[type=submit]')]);

  assert.equal((await page.textContent('#stage')).trim(), 'sympathiser');
  const latest = page.locator('#history tbody tr').first();
  assert.match(await latest.textContent(), /came to the swimming-pool action/);
  assert.match(await latest.textContent(), /Pieter \(organizer\)/);
  await page.screenshot({ path: join(resultsDir, 'ladder-moved.png'), fullPage: true });

  // The server agrees, through the API with the same session.
  const id = personUrl.split('/').pop().split('?')[0];
  const response = await env.context.request.get(`${env.base}/api/v1/people/${id}`);
  assert.equal(response.status(), 200);
  const api = await response.json();
  assert.equal(api.stage, 'sympathiser');
  assert.equal(api.name, name);
});

test('the interface switches to Dutch, French and German', async () => {
  const page = await env.context.newPage();
  await login(page, env.base, 'analyst@demo.enquete.org', 'demo-analyst-pass');
  for (const [code, word] of [['nl', 'Organisatie'], ['fr', 'Organisation'], ['de', 'Organisation'], ['en', 'Organization']]) {
    await Promise.all([page.waitForNavigation(), page.click(`footer button[value=${code}]`)]);
    assert.equal(await page.getAttribute('html', 'lang'), code);
    assert.match(await page.textContent('header nav'), new RegExp(word));
  }
  // The analyst sees counts and a chart, and no way to the people list.
  await page.goto(`${env.base}/units`);
  await Promise.all([page.waitForNavigation(), page.locator('ul.tree a').first().click()]);
  assert.equal(await page.locator('figure.chart svg rect.bar').count(), 6);
  assert.equal(await page.locator('header nav a[href="/people"]').count(), 0);
});
