// The news site in a real browser on a phone: an editor writes an article in French and
// English and publishes it; a visitor without an account reads the listing in French, opens
// the article, switches it to English, follows a topic, and nothing is wider than the screen.
// The demo's year of articles is there too, with its topics and feeds linked from the head.
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

const PHONE = { width: 390, height: 844 };

async function fitsTheScreen(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${what} is ${width} px wide on a 390 px phone`);
  assert.deepEqual(await seriousProblems(page), [], `${what}: accessibility`);
}

test('an editor publishes in two languages and a visitor reads it on a phone', async () => {
  const page = await env.context.newPage();
  await page.setViewportSize(PHONE);
  await login(page, env.base, 'national-admin@demo.enquete.org', 'demo-national-admin-pass');
  await page.goto(`${env.base}/articles`);
  await fitsTheScreen(page, 'the articles page');
  await Promise.all([page.waitForNavigation(), page.click('#new-article button[type=submit]')]);
  assert.match(page.url(), /\/articles\/\d+$/);
  const id = page.url().split('/').pop();
  await page.fill('input[name=title_fr]', 'Des milliers de locataires dans la rue');
  await page.fill('textarea[name=standfirst_fr]', 'Le gel des loyers, maintenant.');
  await page.fill('textarea[name=text_fr]', '## Pourquoi\n\nLes loyers mangent **la moitié** des salaires.');
  await page.fill('input[name=title_en]', 'Thousands of tenants take to the streets');
  await page.fill('textarea[name=standfirst_en]', 'A rent freeze, now.');
  await page.fill('textarea[name=text_en]', '## Why\n\nRents eat **half** of what people earn.');
  await page.check('input[name=topic][value=housing]');
  await Promise.all([page.waitForNavigation(), page.click('#article-form button[type=submit]')]);
  assert.match(await page.textContent('.notice'), /saved/);
  await fitsTheScreen(page, 'the article editor');
  await Promise.all([page.waitForNavigation(), page.click('#article-publish button[type=submit]')]);
  assert.equal((await page.textContent('#article-state')).trim(), 'published');
  await Promise.all([page.waitForNavigation(), page.evaluate(() => document.querySelector('form[action="/logout"]').requestSubmit())]);

  // A visitor, in French.
  await page.goto(`${env.base}/news/fr`);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  const first = page.locator('.news-list li').first();
  assert.equal((await first.locator('h2').textContent()).trim(), 'Des milliers de locataires dans la rue');
  assert.ok((await page.locator('.news-list li').count()) >= 10, 'the demo year of articles is listed');
  assert.equal(await page.getAttribute('link[rel=alternate][type="application/atom+xml"]', 'href'), '/news/fr/feed.atom');
  await fitsTheScreen(page, 'the French listing');
  await page.screenshot({ path: join(resultsDir, 'news-fr-390.png'), fullPage: true });
  await Promise.all([page.waitForNavigation(), first.locator('h2 a').click()]);
  assert.match(page.url(), new RegExp(`/news/fr/${id}/des-milliers-de-locataires-dans-la-rue$`));
  assert.equal(await page.textContent('h1'), 'Des milliers de locataires dans la rue');
  assert.equal(await page.textContent('.news-body h2'), 'Pourquoi');
  assert.equal(await page.getAttribute('meta[property="og:title"]', 'content'), 'Des milliers de locataires dans la rue');
  assert.match(await page.getAttribute('link[rel=canonical]', 'href'), new RegExp(`/news/fr/${id}/`));
  await fitsTheScreen(page, 'the French article');

  // The same article in English, through the language links.
  await Promise.all([page.waitForNavigation(), page.click('footer .lang a[hreflang=en]')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('h1'), 'Thousands of tenants take to the streets');
  await page.screenshot({ path: join(resultsDir, 'news-article-en-390.png'), fullPage: true });
  // Its topic, in English.
  await Promise.all([page.waitForNavigation(), page.click('.news-article a[href="/news/en/topics/housing"]')]);
  assert.match(await page.textContent('.news-sub'), /Housing/);
  assert.equal(await page.getAttribute('link[rel=alternate][type="application/atom+xml"]', 'href'), '/news/en/topics/housing/feed.atom');
  await fitsTheScreen(page, 'the topic page');
  // At 200% zoom (640 CSS pixels for a 1280 px window) the listing still fits.
  await page.setViewportSize({ width: 640, height: 400 });
  await page.goto(`${env.base}/news/en`);
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 640);
  // An article the demo has only in Dutch: shown in Dutch to an English reader, with a note.
  const fallback = page.locator('.news-list li[lang=nl]').first();
  if ((await fallback.count()) > 0) {
    await Promise.all([page.waitForNavigation(), fallback.locator('h2 a').click()]);
    assert.match(await page.textContent('.notice'), /Nederlands/);
  }
});
