// An organizer runs an action from a phone: the RSVP list with visible, labelled controls, a
// cancel that asks first and can be undone, people added by name, and check-in at the door that
// keeps working when the connection drops (issue 15, problems 1 and 2).
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

// The contrast ratio of an element's text against the first opaque background behind it.
async function contrast(locator) {
  return locator.evaluate((el) => {
    const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const fg = rgb(getComputedStyle(el).color);
    let node = el;
    let bg = [255, 255, 255];
    while (node && node.nodeType === 1) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length >= 3 && (c.length === 3 || c[3] > 0.5)) { bg = c; break; }
      node = node.parentElement;
    }
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  });
}

async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('an action is run from a phone, and the door keeps working offline', async () => {
  const page = await env.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, env.base, 'organizer@demo.enquete.org', 'demo-organizer-pass');

  // The demo action with the most people not yet checked in.
  await page.goto(`${env.base}/actions`);
  const links = await page.locator('main a[href^="/actions/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  let best = null;
  for (const href of links.filter((h) => /^\/actions\/\d+$/.test(h))) {
    await page.goto(`${env.base}${href}/door`);
    const n = await page.locator('form.door-checkin').count();
    if (!best || n > best.n) best = { href, n };
  }
  assert.ok(best && best.n >= 3, `an action with people to check in (${JSON.stringify(best)})`);

  // The RSVP list fits the phone; its controls can be seen and are named.
  await page.goto(`${env.base}${best.href}`);
  assert.ok(await overflow(page) <= 1, 'the action page fits 390 px');
  const cancel = page.locator('#rsvps details.confirm summary').first();
  assert.ok(await contrast(cancel) >= 4.5, `cancel is readable (${await contrast(cancel)})`);
  const checkIn = page.locator('#rsvps .card-actions button').first();
  assert.ok(await contrast(checkIn) >= 4.5, `check-in is readable (${await contrast(checkIn)})`);
  for (const select of await page.locator('#rsvps select[name=bus]').all()) {
    const id = await select.getAttribute('id');
    assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, 'each bus choice has a label');
    const seat = select.locator('xpath=following-sibling::button');
    assert.ok(await contrast(seat) >= 4.5, 'the seat button is readable');
  }
  assert.equal(await page.locator('input[type=number][name=person]').count(), 0, 'nobody is typed as a number');

  // Cancelling asks first, and can be taken back.
  const card = page.locator('#rsvps li.card', { has: page.locator('details.confirm') }).first();
  const name = (await card.locator('.card-title a').textContent()).trim();
  await card.locator('details.confirm summary').click();
  await Promise.all([page.waitForNavigation(), card.locator('details.confirm button.danger').click()]);
  assert.match(await page.textContent('form.undo'), new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await Promise.all([page.waitForNavigation(), page.click('form.undo button')]);
  const restored = page.locator('#rsvps li.card', { hasText: name }).first();
  assert.doesNotMatch(await restored.getAttribute('class'), /rsvp-cancelled/);

  // Someone added by name from the picker: the list offers the people the organizer sees.
  const fragment = name.split(' ')[0];
  await page.fill('#rsvps input[data-picker]', fragment);
  const option = page.locator('#rsvps [role=listbox] [role=option]').first();
  await option.waitFor({ timeout: 10_000 });
  assert.match(await option.textContent(), new RegExp(fragment, 'i'));
  await option.click();
  assert.match(await page.locator('#rsvps form.stack input[type=hidden][name=person]').inputValue(), /^\d+$/);
  await Promise.all([page.waitForNavigation(), page.click('#rsvps form.stack button[type=submit]')]);
  assert.equal(new URL(page.url()).pathname, best.href);

  // At the door: the list filters as a name is typed.
  await page.goto(`${env.base}${best.href}/door`);
  assert.ok(await overflow(page) <= 1, 'the door page fits 390 px');
  const first = (await page.locator('.door-item:has(form.door-checkin) .door-name').first().textContent()).trim();
  const word = first.split(' ').pop();
  await page.fill('#door-filter', word);
  const visible = await page.locator('.door-item:visible .door-name').allTextContents();
  assert.ok(visible.length >= 1 && visible.every((n) => n.toLowerCase().includes(word.toLowerCase())), visible.join(', '));
  await page.fill('#door-filter', '');
  await page.screenshot({ path: join(resultsDir, 'door-390.png'), fullPage: false });

  // Checked in without leaving the page.
  const count = async () => Number(await page.textContent('#door-present'));
  const before = await count();
  const url = page.url();
  const target = page.locator('.door-item:has(form.door-checkin)').first();
  const targetName = (await target.locator('.door-name').textContent()).trim();
  await target.locator('button').click();
  await page.locator('.door-item.present', { hasText: targetName }).first().waitFor();
  assert.equal(page.url(), url);
  assert.equal(await count(), before + 1);

  // No connection: the check-in is kept on the phone, and sent when the connection is back.
  await env.context.setOffline(true);
  const next = page.locator('.door-item:has(form.door-checkin)').first();
  const offlineName = (await next.locator('.door-name').textContent()).trim();
  await next.locator('button').click();
  await page.locator('#door-queue:not([hidden])').waitFor();
  assert.equal(await count(), before + 2);
  await env.context.setOffline(false);
  await page.locator('#door-queue').waitFor({ state: 'hidden', timeout: 30_000 });
  await page.reload();
  const row = page.locator('.door-item', { hasText: offlineName }).first();
  assert.equal(await row.locator('form.door-checkin').count(), 0, `${offlineName} is present on the server`);
  assert.equal(await count(), before + 2);
});
