// The door-to-door page without signal: load it online, lose the connection, record three
// responses, reload the page still offline (they are still waiting), get the connection back,
// and see them stored on the server exactly once.
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

async function pendingCount(page) {
  return Number(await page.getAttribute('#pending', 'data-count'));
}

async function fillResponse(page, issues, contact) {
  for (const issue of issues) {
    await page.check(`fieldset[data-name=top3] input[value=${issue}]`);
  }
  await page.check('fieldset[data-name=trust] input[value="7"]');
  await page.fill('fieldset[data-name=change] textarea', 'Meer sociale woningen en een zwembad dat open blijft');
  await page.check(`fieldset[data-name=contact] input[value=${contact}]`);
  await page.click('#save');
}

test('responses recorded offline survive a reload and reach the server exactly once', async () => {
  const page = await env.context.newPage();
  // The demo already holds responses: count them first, as a national admin.
  await login(page, env.base, 'national-admin@demo.enquete.org', 'demo-national-admin-pass');
  const surveys = await (await env.context.request.get(`${env.base}/api/v1/surveys`)).json();
  // The enquête: the demo's first survey (the list is newest first).
  const survey = surveys.reduce((a, b) => (a.id < b.id ? a : b));
  const before = (await (await env.context.request.get(`${env.base}/api/v1/surveys/${survey.id}`)).json()).response_count;
  await login(page, env.base, 'canvasser@demo.enquete.org', 'demo-canvasser-pass');
  await page.goto(`${env.base}/canvass/${survey.id}`);
  await page.waitForSelector('#response-form:not([hidden])');
  // The service worker has taken over the page: it can now open without signal.
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 15000 });
  assert.equal(await pendingCount(page), 0);

  await env.context.setOffline(true);
  await fillResponse(page, ['housing', 'wages', 'health'], 'no');
  await page.waitForFunction(() => document.querySelector('#pending').dataset.count === '1');
  await fillResponse(page, ['prices'], 'no');
  // The third respondent wants to be contacted again.
  await page.check('fieldset[data-name=top3] input[value=medicine]');
  await page.check('fieldset[data-name=contact] input[value=yes]');
  assert.equal(await page.isVisible('#contact'), true, 'contact fields appear only with consent');
  await page.fill('#contact-name', 'Fatima El Amrani');
  await page.fill('#contact-phone', '0475 12 34 56');
  await page.click('#save');
  await page.waitForFunction(() => document.querySelector('#pending').dataset.count === '3');
  assert.match(await page.textContent('#sync-status'), /kept on this phone|Saved on this phone/);

  // Reload with no signal: the page comes from the service worker, the responses from IndexedDB.
  await page.reload();
  await page.waitForSelector('#response-form:not([hidden])');
  await page.waitForFunction(() => document.querySelector('#pending').dataset.count === '3');
  await page.screenshot({ path: join(resultsDir, 'canvass-offline.png'), fullPage: true });

  // Signal again: everything goes out, once.
  await env.context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForFunction(() => document.querySelector('#pending').dataset.count === '0', null, { timeout: 20000 });
  // Sending again finds nothing more to send.
  await page.evaluate(() => window.dispatchEvent(new Event('online')));

  await login(page, env.base, 'national-admin@demo.enquete.org', 'demo-national-admin-pass');
  const counted = await (await env.context.request.get(`${env.base}/api/v1/surveys/${survey.id}`)).json();
  assert.equal(counted.response_count, before + 3, 'three responses stored, none twice');
  const people = await (await env.context.request.get(`${env.base}/api/v1/people?q=fatima%20el%20amrani`)).json();
  const fromDoor = people.people.filter((p) => p.phone === '0475 12 34 56');
  assert.equal(fromDoor.length, 1, 'the consenting respondent became one contact');
});

test('an organizer hands out doors, the canvasser works them offline, the organizer sees the progress', async () => {
  const page = await env.context.newPage();
  await login(page, env.base, 'organizer@demo.enquete.org', 'demo-organizer-pass');
  await page.goto(`${env.base}/assignments`);
  await page.fill('input[name=title]', 'Sleepstraat oneven');
  await page.selectOption('select[name=canvasser]', { label: 'Lotte (canvasser) (canvasser@demo.enquete.org)' });
  // The enquête (the demo's first survey; the list offers the newest first).
  const enquete = await page.$$eval('select[name=survey] option', (os) => os.map((o) => Number(o.value)).reduce((a, b) => Math.min(a, b)));
  await page.selectOption('select[name=survey]', String(enquete));
  await page.fill('textarea[name=doors]', 'Sleepstraat 1\nSleepstraat 3\nSleepstraat 5');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/assignments"] button[type=submit]')]);
  const assignmentUrl = page.url();
  assert.match(await page.textContent('#progress'), /0\/3/);

  await login(page, env.base, 'canvasser@demo.enquete.org', 'demo-canvasser-pass');
  await page.goto(`${env.base}/canvass`);
  await Promise.all([page.waitForNavigation(), page.click('#my-assignments a')]);
  await page.waitForSelector('#doors:not([hidden])');
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 15000 });

  // The assignment opens on the first door nobody has been to (issue 15, problem 4).
  await page.waitForFunction(() => {
    const s = document.querySelector('#door');
    return s.selectedIndex > 0 && s.options[s.selectedIndex].text.startsWith('Sleepstraat 1');
  });
  await env.context.setOffline(true);
  await page.click('button[data-outcome=not_home]');
  // The page says what it noted and moves on to the next door by itself.
  await page.waitForFunction(() => {
    const s = document.querySelector('#door');
    return s.options[s.selectedIndex].text.startsWith('Sleepstraat 3');
  });
  assert.match(await page.$eval('#door', (s) => s.options[0 + 1].text), /Sleepstraat 1 · not home/);
  const noted = await page.textContent('#door-status');
  assert.match(noted, /Not home.*Sleepstraat 1.*Next door: Sleepstraat 3/i);

  // Saved with required questions unanswered: each is marked where it is, and the Save button
  // says so right above it; the first one gets the focus.
  await page.click('#save');
  await page.waitForSelector('fieldset[aria-invalid=true] .field-error');
  const status = await page.textContent('#form-status');
  assert.match(status, /Still to answer/);
  const gap = await page.evaluate(() => {
    const s = document.getElementById('form-status').getBoundingClientRect();
    const b = document.getElementById('save').getBoundingClientRect();
    return b.top - s.bottom;
  });
  assert.ok(gap >= 0 && gap < 80, `the message is right above Save (${gap} px)`);
  assert.equal(await page.evaluate(() => document.activeElement.closest('fieldset')?.getAttribute('aria-invalid')), 'true');
  assert.equal(await page.$eval('#pending', (p) => p.dataset.count), '0', 'nothing saved yet');
  await page.check('fieldset[data-name=top3] input[value=housing]');
  await page.check('fieldset[data-name=contact] input[value=no]');
  await page.click('#save');
  await page.waitForFunction(() => document.querySelector('#visits-pending').dataset.count === '2');
  await page.waitForFunction(() => document.querySelector('#pending').dataset.count === '1');

  await env.context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForFunction(() => document.querySelector('#visits-pending').dataset.count === '0', null, { timeout: 20000 });
  await page.waitForFunction(() => document.querySelector('#pending').dataset.count === '0', null, { timeout: 20000 });

  const kept = await page.evaluate(() => caches.keys());
  assert.ok(kept.some((k) => k.startsWith('enquete-canvass-')), `the canvassing pages are kept offline: ${kept}`);
  await login(page, env.base, 'organizer@demo.enquete.org', 'demo-organizer-pass');
  // Logging out forgot them: the next person on this phone finds no door addresses.
  const left = await page.evaluate(() => caches.keys());
  assert.ok(!left.some((k) => k.startsWith('enquete-canvass-')), `nothing of the canvasser's kept after logging out: ${left}`);
  await page.goto(assignmentUrl);
  assert.match(await page.textContent('#progress'), /2\/3 \(66%\)/);
  assert.match(await page.textContent('main'), /1 answered/);
  assert.match(await page.textContent('main'), /1 not home/);
});
