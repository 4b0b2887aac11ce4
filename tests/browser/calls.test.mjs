// Phone banking on a phone (390 × 844): the organizer counts a selection and makes a call list
// of a section; the section's volunteer caller gets one person at a time with a button that
// dials, the script, and the outcome to record; saving hands out the next person.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, login, resultsDir, seriousProblems } from './harness.mjs';

const accessibility = seriousProblems;

async function fits(page) {
  for (const size of [{ width: 390, height: 844 }, { width: 640, height: 400 }]) {
    await page.setViewportSize(size);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= size.width, `${page.url()} is ${width} px wide at ${size.width}`);
  }
  await page.setViewportSize({ width: 390, height: 844 });
}

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.stop();
});

test('an organizer makes a call list and a volunteer calls from it on a phone', async () => {
  const page = await env.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await login(page, env.base, 'organizer@demo.enquete.org', 'demo-organizer-pass');
  await page.goto(`${env.base}/calls?lang=en`);
  await page.fill('#new-call-list input[name=name]', 'Bus to Brussels');
  const section = await page.$$eval('#new-call-list select[name=unit] option', (os) => os.find((o) => /Centrum/.test(o.textContent)).value);
  await page.selectOption('#new-call-list select[name=unit]', section);
  await page.fill('#new-call-list textarea[name=script]', 'Hello! Will you come with us on the bus to Brussels on Sunday?');
  await page.click('#new-call-list button[value=count]');
  const audience = await page.textContent('#audience');
  const [, matched, callable] = audience.match(/(\d+) people match: (\d+) to call/).map(Number);
  assert.ok(callable > 1 && callable <= matched, audience);
  assert.equal(await page.inputValue('#new-call-list input[name=name]'), 'Bus to Brussels', 'the form keeps what was typed');
  assert.deepEqual(await accessibility(page), []);
  await fits(page);
  await page.click('#new-call-list button[value=make]');
  await page.waitForURL(/\/calls\/\d+/);
  const list = new URL(page.url()).pathname;

  await login(page, env.base, 'canvasser@demo.enquete.org', 'demo-canvasser-pass');
  await page.goto(`${env.base}/calls?lang=en`);
  await page.click('#call-lists a');
  await page.waitForSelector('#call-sheet');
  const first = await page.textContent('#callee');
  assert.match(await page.getAttribute('#dial', 'href'), /^tel:\+?\d{6,}$/);
  assert.match(await page.textContent('#script'), /bus to Brussels/);
  assert.deepEqual(await accessibility(page), []);
  await fits(page);
  await page.screenshot({ path: join(resultsDir, 'caller-phone.png'), fullPage: true });

  // Saving without an outcome is held by the form; with one, the next person comes.
  await page.check('#outcome-form input[value=no_answer]');
  await page.fill('#outcome-form textarea[name=note]', 'Voicemail');
  await page.click('#save-call');
  await page.waitForSelector('.notice, [role=status]');
  assert.equal(new URL(page.url()).pathname, list);
  const second = await page.textContent('#callee');
  assert.notEqual(second, first, 'the next person, not the same one again');
  assert.match(await page.textContent('#call-progress'), /1 of \d+ called/);
  assert.deepEqual(errors, []);
});
