// Issue 15, errors: a visitor on a French public page types an address the server refuses and
// sees why in French, beside the e-mail field, with what they typed still there; an organizer's
// ladder drop-down offers no move the ladder's rules would refuse.
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

test('a bad e-mail on a French petition is told in French beside the field, the form kept', async () => {
  const page = await env.context.newPage();
  await login(page, env.base, 'organizer@demo.enquete.org', 'demo-organizer-pass');
  await page.goto(`${env.base}/petitions`);
  await page.fill('input[name=addressee_fr]', 'le gouvernement fédéral');
  await page.fill('input[name=title_fr]', 'Des logements abordables');
  await page.fill('textarea[name=text_fr]', 'Nous demandons des logements abordables.');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/petitions"] button[type=submit]')]);
  const publicPath = await page.getAttribute('a[href^="/p/"]', 'href');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] button')]);

  // A visitor, in French. The address passes the browser's own check (one @) but not the
  // server's (a dot in the domain).
  await page.goto(`${env.base}${publicPath}?lang=fr`);
  await page.fill('input[name=name]', 'Camille Dupont');
  await page.fill('input[name=email]', 'camille@exemple');
  await page.fill('input[name=postcode]', '1000');
  await page.check('input[name=may_contact]');
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.click('form.public button[type=submit]'),
  ]);
  assert.equal(response.status(), 422);
  await page.screenshot({ path: join(resultsDir, 'errors-petition-fr.png'), fullPage: true });

  assert.equal(await page.getAttribute('html', 'lang'), 'fr', 'the page stays French');
  const email = page.locator('input[name=email]');
  assert.equal(await email.getAttribute('aria-invalid'), 'true');
  const describedBy = await email.getAttribute('aria-describedby');
  assert.ok(describedBy, 'the field points at its message');
  const message = page.locator(`#${describedBy}`);
  assert.equal((await message.textContent()).trim(), 'doit ressembler à nom@exemple.be, sans espaces');
  // Beside the field: in the same label as the e-mail input.
  assert.equal(await page.locator('label', { has: email }).locator(`#${describedBy}`).count(), 1);
  // What the visitor typed is still there.
  assert.equal(await email.inputValue(), 'camille@exemple');
  assert.equal(await page.inputValue('input[name=name]'), 'Camille Dupont');
  assert.equal(await page.inputValue('input[name=postcode]'), '1000');
  assert.equal(await page.isChecked('input[name=may_contact]'), true);
  // No English, no internal field name anywhere on the page.
  const text = await page.textContent('main');
  assert.doesNotMatch(text, /must look like|email:|Something in the form needs fixing/);

  // Corrected, it goes through, still in French.
  await email.fill('camille@exemple.be');
  await Promise.all([page.waitForNavigation(), page.click('form.public button[type=submit]')]);
  assert.match(await page.textContent('#outcome'), /Merci d'avoir signé/);
});

test('the ladder drop-down offers only the moves the rules allow', async () => {
  const page = await env.context.newPage();
  await login(page, env.base, 'organizer@demo.enquete.org', 'demo-organizer-pass');
  // A new contact, outside the youth wing, who has never been a member.
  await page.goto(`${env.base}/people/new`);
  await page.fill('input[name=name]', 'Nora Janssens');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/people"] button[type=submit]')]);
  assert.match(page.url(), /\/people\/\d+/);
  assert.equal(await page.locator('h1 .badge').count(), 0, 'not in the youth wing');
  const offered = await page.$$eval('#move-stage select[name=to] option', (os) => os.map((o) => o.value));
  assert.ok(offered.length > 0, 'some move is offered');
  // A contact who was never a member: not the stage they are at, and not organizer or leader
  // (only party members get there), which the server would refuse.
  for (const refused of ['contact', 'organizer', 'leader']) {
    assert.ok(!offered.includes(refused), `${refused} is not offered: ${offered}`);
  }
  assert.deepEqual(offered, ['sympathiser', 'active', 'member']);
  assert.equal(await page.inputValue('#move-stage select[name=to]'), 'sympathiser');
});
