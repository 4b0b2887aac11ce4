// Every role lands on what it has to do now (issue 15, problem 5), and public links can be
// printed and added to a calendar (problem 10), on a phone.
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

const PHONE = { width: 390, height: 844 };

test('each role lands on its work, one tap from it', async () => {
  const page = await env.context.newPage();
  await page.setViewportSize(PHONE);
  const expect = {
    'national-admin': ['a[href$="/results"]', 'a[href="/people"]', '#running, #next-actions'],
    organizer: ['a[href="/canvass"]', 'a[href$="/results"]', '#next-actions', '#decisions-open'],
    canvasser: ['a[href="/canvass"]'],
    analyst: ['a[href$="/results"]'],
  };
  for (const [role, selectors] of Object.entries(expect)) {
    await login(page, env.base, `${role}@demo.enquete.org`, `demo-${role}-pass`);
    assert.equal(new URL(page.url()).pathname, '/', `${role} lands on the start page`);
    for (const s of selectors) {
      assert.ok(await page.locator(`main ${s.split(', ').join(', main ')}`).count() > 0, `${role}: ${s}`);
    }
    // The first thing to do is on the first screen.
    const first = await page.locator('main .start-links a').first().boundingBox();
    assert.ok(first && first.y + first.height <= PHONE.height, `${role}: the first link is on the first screen`);
  }
  // The organizer's focus campaign shows the city's target and pace.
  await login(page, env.base, 'organizer@demo.enquete.org', 'demo-organizer-pass');
  if (await page.locator('#running').count()) {
    assert.ok(await page.locator('#running progress').count() > 0, 'targets as bars');
    assert.match(await page.textContent('#running'), /\d+ of \d+/);
  }
  // An analyst gets no people and no actions.
  await login(page, env.base, 'analyst@demo.enquete.org', 'demo-analyst-pass');
  assert.equal(await page.locator('main a[href="/people"], #next-actions').count(), 0);
  // A gate scanner is told there is nothing for them, not sent to an empty account page.
  await login(page, env.base, 'gate-scanner@demo.enquete.org', 'demo-gate-scanner-pass');
  assert.equal(new URL(page.url()).pathname, '/');
  assert.match(await page.textContent('main'), /Nothing waits for you/);
  await page.close();
});

test('a public link comes with a QR code to print and a calendar event', async () => {
  const page = await env.context.newPage();
  await page.setViewportSize(PHONE);
  await login(page, env.base, 'organizer@demo.enquete.org', 'demo-organizer-pass');
  await page.goto(`${env.base}/actions`);
  const href = await page.locator('main a[href^="/actions/"]').first().getAttribute('href');
  await page.goto(`${env.base}${href}`);
  const url = await page.inputValue('.share input.share-url');
  assert.match(url, /^https?:\/\/.+\/a\/[0-9a-f]+$/, 'the whole address');
  await page.click('details.qr summary');
  const qr = page.locator('details.qr img');
  await qr.waitFor();
  await page.waitForFunction(() => document.querySelector('details.qr img').naturalWidth > 0);
  await page.screenshot({ path: join(resultsDir, 'public-link-qr-390.png') });

  // A visitor, in French.
  const path = new URL(url).pathname;
  await env.context.clearCookies();
  await page.goto(`${env.base}${path}?lang=fr`);
  const calendar = page.locator('a[href$="/event.ics"]');
  assert.match(await calendar.textContent(), /agenda/i, 'in the visitor\'s language');
  const ics = await env.context.request.get(`${env.base}${await calendar.getAttribute('href')}`);
  assert.equal(ics.status(), 200);
  assert.match(ics.headers()['content-type'], /^text\/calendar/);
  const body = await ics.text();
  assert.match(body, /BEGIN:VEVENT[\s\S]*DTSTART;TZID=Europe\/Brussels:\d{8}T\d{6}[\s\S]*END:VEVENT/);
  await page.close();
});
