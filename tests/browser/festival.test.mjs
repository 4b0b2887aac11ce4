// The festival on a phone: a visitor orders a weekend ticket on the public order page at 390 px
// (no account), gets the structured communication; the festival team marks the order paid at
// the desk; the visitor's ticket page then shows the signed ticket's QR code, fitting the screen.
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

async function fits(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `${what} is ${width} px wide on a 390 px phone`);
  assert.deepEqual(await seriousProblems(page), [], what);
}

test('a visitor orders a ticket on a phone and finds it signed once paid', async () => {
  const visitor = await env.context.newPage();
  await visitor.setViewportSize({ width: 390, height: 844 });
  await visitor.goto(`${env.base}/tickets/1`);
  assert.match(await visitor.textContent('h1'), /ManiFiesta/);
  await fits(visitor, 'the order page');
  // The weekend ticket's field: the one whose label names it.
  const field = await visitor.$$eval('#order-form input[name^="type_"]', (inputs) => {
    const i = inputs.find((x) => /Weekend/.test(x.getAttribute('aria-label')));
    return i.getAttribute('name');
  });
  await visitor.fill(`#order-form input[name="${field}"]`, '1');
  await visitor.fill('#order-form input[name=name]', 'Phone Buyer');
  await visitor.fill('#order-form input[name=email]', 'phone.buyer@example.org');
  await visitor.fill('#order-form input[name=postcode]', '9000');
  await Promise.all([visitor.waitForNavigation(), visitor.click('#order-form button[type=submit]')]);
  const reference = (await visitor.textContent('#reference')).trim();
  assert.match(reference, /^\+\+\+\d{3}\/\d{4}\/\d{5}\+\+\+$/);
  await fits(visitor, 'the confirmation');
  const ticketsHref = await visitor.getAttribute('#tickets-link', 'href');
  await visitor.goto(`${env.base}${ticketsHref}`);
  assert.ok(await visitor.isVisible('#waiting'), 'not paid yet: the tickets come with the payment');

  // The team marks it paid at the desk (the newest order comes first).
  const team = await env.context.newPage();
  await team.setViewportSize({ width: 390, height: 844 });
  await login(team, env.base, 'national-admin@demo.enquete.org', 'demo-national-admin-pass');
  await team.goto(`${env.base}/festivals/1`);
  await fits(team, 'the festival page');
  const card = team.locator('li.card', { hasText: reference });
  await Promise.all([team.waitForNavigation(), card.locator('form[action$="/pay"] button').click()]);

  await visitor.goto(`${env.base}${ticketsHref}`);
  assert.equal(await visitor.locator('#tickets img').count(), 1);
  const code = (await visitor.textContent('#tickets .code')).trim();
  assert.match(code, /^EF1\.[A-Za-z0-9_-]{140,150}$/);
  await fits(visitor, 'the ticket page');
  await visitor.screenshot({ path: join(resultsDir, 'festival-ticket-390.png'), fullPage: true });
});
