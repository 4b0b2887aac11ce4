// A petition in a real browser: an organizer opens it in four languages, a visitor reads it
// switching between them and signs it in French, the organizer's dashboard shows the signature.
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

const titles = {
  nl: 'Stop de wapenleveringen',
  fr: "Arrêtez les livraisons d'armes",
  de: 'Stoppt die Waffenlieferungen',
  en: 'Stop the arms deliveries',
};

test('a visitor signs a petition in the language they choose and the organizer sees it', async () => {
  const page = await env.context.newPage();
  await login(page, env.base, 'organizer@demo.enquete.org', 'demo-organizer-pass');
  await page.goto(`${env.base}/petitions`);
  await page.fill('input[name=goal]', '1000');
  await page.fill('input[name=addressee_en]', 'the federal government');
  await page.fill('input[name=addressee_fr]', 'le gouvernement fédéral');
  for (const [lang, title] of Object.entries(titles)) {
    await page.fill(`input[name=title_${lang}]`, title);
    await page.fill(`textarea[name=text_${lang}]`, `${title}: a military embargo now.`);
  }
  await Promise.all([page.waitForNavigation(), page.click('form[action="/petitions"] button[type=submit]')]);
  const dashboard = page.url();
  assert.match(dashboard, /\/petitions\/\d+$/);
  assert.equal((await page.textContent('#signature-count')).trim(), '0');
  const publicPath = await page.getAttribute('a[href^="/p/"]', 'href');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] button')]);

  // A visitor, without an account: the page in Dutch, then switched through the languages.
  await page.goto(`${env.base}${publicPath}?lang=nl`);
  assert.equal(await page.textContent('h1'), titles.nl);
  for (const [lang, endonym] of [['de', 'Deutsch'], ['en', 'English'], ['fr', 'Français']]) {
    await Promise.all([page.waitForNavigation(), page.click(`footer .lang :is(a, button):has-text("${endonym}")`)]);
    assert.equal(await page.textContent('h1'), titles[lang], `the title in ${lang}`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
  }
  await page.fill('input[name=name]', 'Amélie Dubois');
  await page.fill('input[name=email]', 'amelie.dubois@example.org');
  await page.fill('input[name=postcode]', '4000');
  await page.check('input[name=may_contact]');
  await Promise.all([page.waitForNavigation(), page.click('form.public button[type=submit]')]);
  assert.match(await page.textContent('#outcome'), /Merci d'avoir signé/);
  assert.equal((await page.textContent('#count')).trim(), '1');
  await page.screenshot({ path: join(resultsDir, 'petition-signed.png'), fullPage: true });

  // Signing again with the same address does not count twice, and the page answers as for a
  // first signature: it never tells whether an address has signed (security issue 13).
  await page.goto(`${env.base}${publicPath}?lang=en`);
  await page.fill('input[name=name]', 'Amelie Dubois');
  await page.fill('input[name=email]', 'Amelie.Dubois@example.org');
  await Promise.all([page.waitForNavigation(), page.click('form.public button[type=submit]')]);
  assert.match(await page.textContent('#outcome'), /Thank you for signing/);
  assert.doesNotMatch(await page.textContent('body'), /already signed/);
  assert.equal((await page.textContent('#count')).trim(), '1');

  // The organizer's dashboard shows the new signature.
  await login(page, env.base, 'organizer@demo.enquete.org', 'demo-organizer-pass');
  await page.goto(dashboard);
  assert.equal((await page.textContent('#signature-count')).trim(), '1');
  assert.match(await page.textContent('#signatures tbody'), /Amélie Dubois/);
  assert.match(await page.textContent('#signatures tbody'), /amelie\.dubois@example\.org/);
  await page.screenshot({ path: join(resultsDir, 'petition-dashboard.png'), fullPage: true });
});
