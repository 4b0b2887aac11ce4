// An analyst reads the enquête's results in a real browser: weighted bars with error bars, the
// table, the regions side by side, a cross-tab and the themes of the free-text answers.
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

test('an analyst reads weighted results, a cross-tab and the themes', async () => {
  const page = await env.context.newPage();
  await login(page, env.base, 'analyst@demo.enquete.org', 'demo-analyst-pass');
  await page.goto(`${env.base}/surveys/1/results?lang=en`);
  assert.match(await page.textContent('#weighting'), /Weighted to the population by Age, Gender/);
  assert.ok(await page.locator('#q-top3 svg .interval').count() >= 12, 'every issue has its interval');
  await page.screenshot({ path: join(resultsDir, 'results-chart.png'), fullPage: true });

  await Promise.all([page.waitForNavigation(), page.click('nav.views a:has-text("Table")')]);
  assert.match(await page.textContent('#q-top3 table.results thead'), /95% interval/);

  await Promise.all([page.waitForNavigation(), page.click('nav.views a:has-text("Side by side")')]);
  assert.ok(await page.locator('#multiples figure').count() >= 2, 'one chart per region');

  await page.selectOption('#crosstab-form select[name=q]', 'top3');
  await page.selectOption('#crosstab-form select[name=by]', 'gender');
  await Promise.all([page.waitForNavigation(), page.click('#crosstab-form button')]);
  assert.ok(await page.locator('#crosstab tbody tr').count() >= 12);
  assert.match(await page.textContent('#crosstab thead'), /woman/);

  await page.goto(`${env.base}/surveys/1/results?lang=en`);
  await Promise.all([page.waitForNavigation(), page.click('#themes-link')]);
  assert.match(await page.textContent('#answered'), /answers/);
  assert.ok(await page.locator('section.theme').count() >= 1, 'the demo answers fall into themes');
  assert.equal(await page.locator('section.theme form, #lexicon').count(), 0, 'analysts do not edit themes');
  await page.screenshot({ path: join(resultsDir, 'results-themes.png'), fullPage: true });
});
