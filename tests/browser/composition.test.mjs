// Who leads, on a phone: an organizer records a member's consent to be counted and her
// occupation class, then an analyst reads the composition of the city on a 390 px phone:
// the table fits, counts under 5 are hidden, and no name stands beside a class.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, login, resultsDir, seriousProblems } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.stop();
});

test('an analyst reads who leads in a city on a phone, small counts hidden', async () => {
  const page = await env.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, env.base, 'organizer@demo.enquete.org', 'demo-organizer-pass');
  // A member of the organizer's units: the first person on the people list at stage member.
  await page.goto(`${env.base}/people?stage=member`);
  const [href, name] = await page.$$eval('a[href^="/people/"]', (as) => {
    const a = as.find((x) => /^\/people\/\d+$/.test(x.getAttribute('href')));
    return [a.getAttribute('href'), a.textContent.trim()];
  });
  await page.goto(`${env.base}${href}`);
  await page.selectOption('form[action$="/consents"] select[name=purpose]', 'composition');
  await page.selectOption('form[action$="/consents"] select[name=granted]', 'yes');
  await page.fill('form[action$="/consents"] input[name=source]', 'asked at the section meeting');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/consents"] button[type=submit]')]);
  await page.selectOption('#profile-form select[name=occupation]', 'manual');
  await page.selectOption('#profile-form select[name=gender]', 'woman');
  await page.selectOption('#profile-form select[name=age_band]', '35_49');
  await Promise.all([page.waitForNavigation(), page.click('#profile-form button[type=submit]')]);
  assert.equal(await page.inputValue('#profile-form select[name=occupation]'), 'manual');
  const unitHref = await page.getAttribute('a[href^="/units/"]', 'href');
  await Promise.all([page.waitForNavigation(), page.evaluate(() => document.querySelector('form[action="/logout"]').requestSubmit())]);

  await login(page, env.base, 'analyst@demo.enquete.org', 'demo-analyst-pass');
  await page.goto(`${env.base}${unitHref}`);
  await Promise.all([page.waitForNavigation(), page.click('a[href$="/composition"]')]);
  assert.match(await page.textContent('h1'), /Who leads/);
  const heads = await page.$$eval('#composition thead th', (ths) => ths.map((t) => t.textContent));
  assert.ok(heads.some((h) => /^Members \(\d+\)$/.test(h)), heads.join(' | '));
  const body = await page.textContent('#composition tbody');
  assert.ok(!body.includes(name), 'no name beside a class');
  const cells = await page.$$eval('#composition tbody td:not(:first-child)', (tds) => tds.map((t) => t.textContent.trim()));
  assert.ok(cells.length > 0 && cells.every((c) => c === '×' || /^\d+%( \(\d+%–\d+%\))?$/.test(c)), cells.join(' | '));
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide on a 390 px phone`);
  assert.deepEqual(await seriousProblems(page), []);
  await page.screenshot({ path: join(resultsDir, 'composition-390.png'), fullPage: true });

  // By gender at the nation: the population of the country beside the members, and the years.
  await page.goto(`${env.base}/units`);
  const nationHref = await page.getAttribute('a[href^="/units/"]', 'href');
  await page.goto(`${env.base}${nationHref}/composition`);
  await Promise.all([page.waitForNavigation(), page.click('#by a[href$="by=gender"]')]);
  assert.equal(await page.getAttribute('#by a[aria-current="page"]', 'href'), `${nationHref}/composition?by=gender`);
  const genderHeads = await page.$$eval('#composition thead th', (ths) => ths.map((t) => t.textContent));
  assert.ok(genderHeads.some((h) => /^Population of the area \([\d,. ]+\)$/.test(h)), genderHeads.join(' | '));
  assert.equal(await page.locator('#trend tbody tr').count(), 4);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `the gender view is ${wide} px wide on a 390 px phone`);
  assert.deepEqual(await seriousProblems(page), []);
  await page.screenshot({ path: join(resultsDir, 'composition-gender-390.png'), fullPage: true });
});
