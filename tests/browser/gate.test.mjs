// The festival's gates on two phones (390 px, Debian Chromium): the team sets up a festival
// today and a visitor gets three tickets; two gate phones of the same entrance each hold a
// lane; with no signal, the phone holding the ticket's lane admits it (and, reopened without
// signal, still knows it did), the other phone refuses it and sends the visitor to the right
// lane; back online, the scans are sent and the team sees one entry and nothing admitted twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { start, login, launchPhone, resultsDir, seriousProblems } from './harness.mjs';
import { label, laneOf } from '../../crates/web/static/gate-rule.mjs';

let env;
const phones = [];
before(async () => {
  env = await start();
});
after(async () => {
  for (const p of phones) {
    await p.context.close();
    rmSync(p.dir, { recursive: true, force: true });
  }
  await env?.stop();
});

// A phone of its own: its own profile, so its own IndexedDB, service worker and session.
async function phone() {
  const { context, page, dir } = await launchPhone('enquete-gate-phone-');
  phones.push({ context, dir });
  await login(page, env.base, 'gate-scanner@demo.enquete.org', 'demo-gate-scanner-pass');
  return { context, page };
}

async function fits(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `${what} is ${width} px wide on a 390 px phone`);
  assert.deepEqual(await seriousProblems(page), [], what);
}

async function openScanner(page, id) {
  await page.goto(`${env.base}/festivals/${id}/gate`);
  await page.waitForSelector('#gate[data-ready="yes"]');
}

async function hold(page, lane, name) {
  await page.fill('#gate-name', name);
  await page.dispatchEvent('#gate-name', 'change');
  await page.selectOption('#lane', String(lane));
  await page.click('#take');
  await page.waitForFunction(() => /Holding lane/.test(document.getElementById('lane-status').textContent));
}

async function scan(page, code) {
  await page.evaluate(() => { document.getElementById('verdict').hidden = true; });
  await page.fill('#code', code);
  await page.click('#check');
  await page.waitForSelector('#verdict:not([hidden])');
  return {
    kind: await page.getAttribute('#verdict', 'data-kind'),
    title: (await page.textContent('#verdict-title')).trim(),
    detail: (await page.textContent('#verdict-detail')).trim(),
  };
}

test('two gate phones without signal admit a ticket once and sync when back online', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const team = await env.context.newPage();
  await team.setViewportSize({ width: 390, height: 844 });
  await login(team, env.base, 'national-admin@demo.enquete.org', 'demo-national-admin-pass');
  await team.goto(`${env.base}/festivals`);
  await team.fill('input[name=name]', 'Gate rehearsal');
  await team.fill('input[name=starts_on]', today);
  await team.fill('input[name=ends_on]', today);
  await team.fill('input[name=iban]', 'BE68 5390 0754 7034');
  await Promise.all([team.waitForNavigation(), team.click('form[action="/festivals"] button[type=submit]')]);
  const id = Number(new URL(team.url()).pathname.split('/').pop());
  assert.ok(id > 1, team.url());
  await team.click('#type-form >> xpath=.. >> summary');
  await team.fill('#type-form input[name=code]', 'child');
  await team.fill('#type-form input[name=name_en]', 'Child');
  await team.selectOption('#type-form select[name=kind]', 'child');
  await team.fill('#type-form input[name=price]', '0');
  await team.fill('#type-form input[name=quota]', '50');
  await team.fill('#type-form input[name=sale_from]', today);
  await team.fill('#type-form input[name=sale_until]', today);
  await Promise.all([team.waitForNavigation(), team.click('#type-form button[type=submit]')]);

  // A visitor takes three free tickets.
  const visitor = await env.context.newPage();
  await visitor.goto(`${env.base}/tickets/${id}`);
  await visitor.fill('#order-form input[name^="type_"]', '3');
  await visitor.fill('#order-form input[name=name]', 'Gate Visitor');
  await visitor.fill('#order-form input[name=email]', 'gate.visitor@example.org');
  await visitor.fill('#order-form input[name=postcode]', '1000');
  await Promise.all([visitor.waitForNavigation(), visitor.click('#order-form button[type=submit]')]);
  await visitor.goto(`${env.base}${await visitor.getAttribute('#tickets-link', 'href')}`);
  const codes = (await visitor.$$eval('#tickets .code', (els) => els.map((e) => e.textContent.trim())));
  assert.equal(codes.length, 3);
  const code = codes[0];
  const ticket = Buffer.from(code.slice(4), 'base64url').subarray(5, 21).toString('hex');
  const layout = { entrances: 4, lanes: 2 };
  const lane = laneOf(layout, ticket);
  const neighbour = lane % 2 === 0 ? lane + 1 : lane - 1;

  // Two phones at the ticket's entrance: Anna holds its lane, Bilal the one next to it.
  const anna = await phone();
  const bilal = await phone();
  await openScanner(anna.page, id);
  await hold(anna.page, lane, 'Anna');
  // Opened a second time with signal, the page is kept for a start without signal.
  await anna.page.evaluate(() => navigator.serviceWorker.ready);
  await openScanner(anna.page, id);
  await fits(anna.page, 'the gate scanner');
  await openScanner(bilal.page, id);
  await hold(bilal.page, neighbour, 'Bilal');

  await anna.context.setOffline(true);
  await bilal.context.setOffline(true);
  let v = await scan(anna.page, code);
  assert.equal(v.kind, 'admitted', JSON.stringify(v));
  assert.match(await anna.page.textContent('#net-status'), /No signal/);
  v = await scan(anna.page, code);
  assert.equal(v.kind, 'refused', JSON.stringify(v));
  assert.match(v.title, /Already used/);
  // The other lane of the same entrance refuses it: it is not this phone's to decide.
  v = await scan(bilal.page, code);
  assert.equal(v.kind, 'redirect', JSON.stringify(v));
  assert.equal(v.title, `Lane ${label(layout, lane)}`);
  // A forged ticket and a scrap of text are refused with their reason, also offline.
  const forged = code.slice(0, 30) + (code[30] === 'A' ? 'B' : 'A') + code.slice(31);
  v = await scan(bilal.page, forged);
  assert.equal(v.kind, 'refused');
  assert.match(v.detail, /Forged/);
  v = await scan(bilal.page, 'not a ticket');
  assert.match(v.detail, /not one of our tickets/);
  // Anna's phone reopened without signal still knows whom it let in.
  await anna.page.reload();
  await anna.page.waitForSelector('#gate[data-ready="yes"]');
  v = await scan(anna.page, code);
  assert.equal(v.kind, 'refused', JSON.stringify(v));
  assert.match(await anna.page.textContent('#pending'), /: 3$/);
  await anna.page.screenshot({ path: join(resultsDir, 'gate-offline-390.png'), fullPage: true });

  // Back online: the scans go to the server.
  await anna.context.setOffline(false);
  await anna.page.waitForFunction(() => /: 0$/.test(document.getElementById('pending').textContent.trim()), null, { timeout: 30_000 });
  await bilal.context.setOffline(false);
  await bilal.page.waitForFunction(() => /: 0$/.test(document.getElementById('pending').textContent.trim()), null, { timeout: 30_000 });
  // Bilal, with signal: the server sends the visitor to Anna's lane, which she holds.
  v = await scan(bilal.page, code);
  assert.equal(v.kind, 'redirect', JSON.stringify(v));
  // A ticket of a lane nobody holds is decided by the server: in once.
  const free = codes.find((c) => {
    const id16 = Buffer.from(c.slice(4), 'base64url').subarray(5, 21).toString('hex');
    const l = laneOf(layout, id16);
    return l !== lane && l !== neighbour;
  });
  if (free) {
    assert.equal((await scan(bilal.page, free)).kind, 'admitted');
    assert.equal((await scan(bilal.page, free)).kind, 'refused');
  }

  await team.goto(`${env.base}/festivals/${id}/gates`);
  assert.equal((await team.textContent('#entries')).trim(), free ? '2' : '1');
  assert.equal((await team.textContent('#doubles')).trim(), '0');
  assert.match(await team.textContent('#lanes'), /Anna/);
  await fits(team, 'the gates page');

  // A hall for one: its door says it is full after the first visitor.
  await team.click('#zone-form >> xpath=.. >> summary');
  await team.fill('#zone-form input[name=name]', 'Small hall');
  await team.fill('#zone-form input[name=capacity]', '1');
  await Promise.all([team.waitForNavigation(), team.click('#zone-form button[type=submit]')]);
  const doorHref = await team.getAttribute('#zones a', 'href');
  await anna.page.goto(`${env.base}${doorHref}`);
  await anna.page.waitForSelector('#zone[data-ready="yes"]');
  assert.match(await anna.page.textContent('#zone-title'), /Places left: 1/);
  await anna.page.click('#in');
  await anna.page.waitForFunction(() => document.getElementById('zone-state').dataset.kind === 'refused');
  assert.match(await anna.page.textContent('#zone-title'), /Full/);
  await fits(anna.page, 'the zone door');
  await team.reload();
  await team.waitForFunction(() => /Full/.test(document.getElementById('zones').textContent));
});
