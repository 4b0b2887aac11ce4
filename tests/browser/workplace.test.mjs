// The workplace map on a steward's phone (390 px): the heat map of the steward's workplace
// section fits the screen, its cells say who is known, assessed and supporting against the
// headcount; the steward records where a colleague stands and the map counts it.
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

test('a steward reads the heat map and assesses a colleague on a phone', async () => {
  const page = await env.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, env.base, 'steward@demo.enquete.org', 'demo-steward-pass');
  // The steward's section, from the tree.
  await page.goto(`${env.base}/units`);
  const href = await page.$$eval('a[href^="/units/"]', (as) => as.map((a) => a.getAttribute('href')).find((h) => /^\/units\/\d+$/.test(h)));
  await page.goto(`${env.base}${href}`);
  let mapLink = await page.$('#workplace-link');
  if (!mapLink) {
    // The tree starts above the section: find the workplace below.
    const links = await page.$$eval('a[href^="/units/"]', (as) => as.map((a) => a.getAttribute('href')).filter((h) => /^\/units\/\d+$/.test(h)));
    for (const l of links) {
      await page.goto(`${env.base}${l}`);
      mapLink = await page.$('#workplace-link');
      if (mapLink) break;
    }
  }
  assert.ok(mapLink, 'the workplace map is linked from the section');
  await Promise.all([page.waitForNavigation(), mapLink.click()]);
  assert.ok(await page.isVisible('#heatmap'));
  const total = await page.getAttribute('#heat-total', 'title');
  const m = total.match(/(\d+) known · (\d+) assessed · (\d+) supporters of (\d+)/);
  assert.ok(m, total);
  const [known, assessed, supporters, headcount] = m.slice(1).map(Number);
  assert.ok(known > 0 && assessed <= known && supporters <= assessed && headcount > 0, total);
  await fits(page, 'the workplace map');
  await page.screenshot({ path: join(resultsDir, 'workplace-map-390.png'), fullPage: true });

  // Who stands where: the first colleague not yet assessed gets a 2.
  await Promise.all([page.waitForNavigation(), page.click('#workers-link')]);
  await fits(page, 'who stands where');
  const card = page.locator('#workers li.card', { hasText: 'not assessed yet' }).first();
  const hasUnassessed = (await card.count()) > 0;
  const target = hasUnassessed ? card : page.locator('#workers li.card').first();
  await target.locator('summary', { hasText: 'Assess' }).click();
  await target.locator('input[name=score][value="2"]').check();
  await Promise.all([page.waitForNavigation(), target.locator('form[action$="/assess"] button').click()]);
  await page.goto(`${env.base}${href.replace(/\/units\/\d+$/, '')}${await page.evaluate(() => location.pathname.replace('/workers', '/workplace'))}`);
  const after = (await page.getAttribute('#heat-total', 'title')).match(/(\d+) known · (\d+) assessed · (\d+) supporters of (\d+)/).slice(1).map(Number);
  if (hasUnassessed) {
    assert.equal(after[1], assessed + 1, 'one more assessed');
  }
  assert.ok(after[2] >= supporters, 'supporters counted with the new assessment');
});
