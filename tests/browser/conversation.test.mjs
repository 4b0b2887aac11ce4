// Voting in a conversation on a phone with no signal (390 px, Debian Chromium): a person opens
// the conversation's public link once; in a stairwell without signal the page still opens, the
// votes are kept on the phone and the page says so; back online they are sent by themselves,
// and the organizer sees them counted once; handed to the next person, the phone counts their
// votes apart. What the person says about themselves (section, gender, age band: optional) is
// kept and sent the same way, and the organizer's weighting counts them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { start, login, launchPhone, resultsDir, seriousProblems } from './harness.mjs';

let env;
let phone;
before(async () => {
  env = await start();
});
after(async () => {
  await phone?.context.close();
  if (phone) rmSync(phone.dir, { recursive: true, force: true });
  await env?.stop();
});

// The organizer's count of votes: "N people voted M times", and how many said who they are
// ("weighted ... by age, gender: P of N people said these about themselves").
async function counted(page) {
  await page.goto(`${env.base}/conversations/1`);
  const text = await page.textContent('#summary');
  const [people, votes] = text.match(/\d+/g).map(Number);
  const weighting = await page.textContent('.weighting');
  const [placed] = weighting.match(/\d+/g).map(Number);
  return { people, votes, placed };
}

test('votes given without signal are kept on the phone and counted once back online', async () => {
  const page = env.context.pages()[0] || (await env.context.newPage());
  await login(page, env.base, 'national-admin@demo.enquete.org', 'demo-national-admin-pass');
  const before = await counted(page);
  const link = await page.getAttribute('#public-link', 'href');
  assert.match(link, /\/c\/[A-Za-z0-9_-]+$/);

  // The phone of the person at the door: its own profile, nobody logged in.
  phone = await launchPhone('enquete-conversation-phone-');
  const { context, page: p } = phone;
  const url = env.base + new URL(link, env.base).pathname;
  await p.goto(url);
  await p.evaluate(() => navigator.serviceWorker.ready);
  // Opened once more while the service worker looks after the page: it keeps a copy.
  await p.reload();
  await p.waitForSelector('#vote-form');

  await context.setOffline(true);
  await p.reload();
  await p.waitForSelector('#vote-form');
  const statements = await p.$$eval('#vote-form fieldset', (f) => f.length);
  assert.ok(statements >= 3, `${statements} statements on the page kept for no signal`);
  await p.check('#vote-form fieldset:nth-of-type(1) input[value=agree]');
  await p.check('#vote-form fieldset:nth-of-type(2) input[value=disagree]');
  await p.check('#vote-form fieldset:nth-of-type(3) input[value=pass]');
  // About themselves: where they live, gender and age band.
  await p.selectOption('select[name=place]', { index: 1 });
  await p.selectOption('select[name=about_gender]', 'woman');
  await p.selectOption('select[name=about_age_band]', 'a25_34');
  await p.click('#vote-form button[type=submit]');
  await p.waitForSelector('#vote-status[data-state="saved"]');
  const width = await p.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide on a 390 px phone`);
  assert.deepEqual(await seriousProblems(p), []);
  await p.screenshot({ path: join(resultsDir, 'conversation-offline-390.png'), fullPage: true });
  const kept = await p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('enquete-conversation-')).map((k) => localStorage.getItem(k)));
  assert.ok(kept.some((v) => v.includes('"disagree"')), `votes kept on the phone: ${kept}`);
  assert.ok(kept.some((v) => v.includes('"a25_34"')), `what they said kept on the phone: ${kept}`);
  // Nothing reached the server yet.
  assert.deepEqual(await counted(page), before);

  // Signal again: the page sends them by itself.
  await context.setOffline(false);
  await p.waitForSelector('#vote-status[data-state="sent"]', { timeout: 15_000 });
  const after = await counted(page);
  assert.equal(after.people, before.people + 1);
  assert.equal(after.votes, before.votes + 3);
  assert.equal(after.placed, before.placed + 1, 'their gender and age band weight their votes');

  // Sent again (a second tab, a retry): still counted once.
  await p.reload();
  await p.waitForSelector('#vote-form');
  assert.deepEqual(await counted(page), after);

  // A canvasser hands the phone to the next person at the door: their votes count apart.
  await p.click('#next-person');
  await p.waitForSelector('#vote-status[data-state="next"]');
  await p.check('#vote-form fieldset:nth-of-type(1) input[value=disagree]');
  await p.click('#vote-form button[type=submit]');
  await p.waitForSelector('#vote-status[data-state="sent"]', { timeout: 15_000 });
  const next = await counted(page);
  assert.equal(next.people, after.people + 1);
  assert.equal(next.votes, after.votes + 1);
  assert.equal(next.placed, after.placed, 'the next person said nothing about themselves');

  // They change their mind: the phone asks the server to forget them, and only them.
  await p.click('#forget-form button[type=submit]');
  await p.waitForSelector('#vote-status[data-state="forgotten"]');
  const forgotten = await counted(page);
  assert.equal(forgotten.people, after.people, 'the person who asked is forgotten');
  assert.equal(forgotten.votes, after.votes);
  assert.equal(forgotten.placed, after.placed, 'the person before them is still counted');

  // The organizer reads the weighted groups and the table per neighbourhood on a phone and at
  // 200% zoom (a 1280 px window lays out 640 CSS pixels).
  for (const [width, height, name] of [[390, 844, 'phone'], [640, 400, 'zoom-200']]) {
    await page.setViewportSize({ width, height });
    await page.goto(`${env.base}/conversations/1`);
    await page.waitForSelector('#places');
    assert.match(await page.textContent('.weighting'), /\d/);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= width, `the organizer's page is ${wide} px wide at ${width} px`);
    assert.deepEqual(await seriousProblems(page), []);
    await page.screenshot({ path: join(resultsDir, `conversation-groups-${name}.png`), fullPage: true });
  }
});
