// A field form on a phone (390 × 844): a group, a repeat of household members added row by row,
// a city list filtered by the province, an age constraint that blocks saving, and the phone's
// position. The logic runs in the page's WebAssembly (the server's own code); the response is
// saved without signal, sent when the signal is back, and stored as the server reads it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { start, login, resultsDir, seriousProblems } from './harness.mjs';

const accessibility = seriousProblems;

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.stop();
});

const en = (text, nl) => (nl ? { en: text, nl } : { en: text });
const choice = (name, text, columns) => ({ name, label: en(text), ...(columns ? { columns } : {}) });

const FORM = {
  form_id: 'household_visit',
  title: en('Household visit', 'Huisbezoek'),
  questions: [
    {
      name: 'province', label: en('Province', 'Provincie'), required: true, type: 'single_choice',
      choices: [choice('antwerp', 'Antwerp'), choice('liege', 'Liège')],
    },
    {
      name: 'city', label: en('City', 'Stad'), required: true, type: 'single_choice', appearance: 'minimal',
      choice_filter: 'province = ${province}',
      choices: [
        choice('mechelen', 'Mechelen', { province: 'antwerp' }),
        choice('lier', 'Lier', { province: 'antwerp' }),
        choice('seraing', 'Seraing', { province: 'liege' }),
        choice('huy', 'Huy', { province: 'liege' }),
      ],
    },
    { name: 'intro', label: en('Now each person who lives here.', 'Nu elke persoon die hier woont.'), type: 'note', group: 'household' },
    { name: 'first_name', label: en('First name', 'Voornaam'), required: true, type: 'text', max_length: 100, group: 'household/members' },
    {
      name: 'age', label: en('Age', 'Leeftijd'), required: true, type: 'number', min: null, max: null, group: 'household/members',
      constraint: '. >= 0 and . <= 120', constraint_message: en('An age between 0 and 120, please.', 'Een leeftijd tussen 0 en 120.'),
    },
    { name: 'listed', label: en('People listed', 'Aantal personen'), type: 'text', max_length: 10, group: 'household', calculation: 'count(${members})' },
    { name: 'where', label: en('Where are you?', 'Waar ben je?'), required: true, type: 'geopoint' },
  ],
  groups: [
    { name: 'household', label: en('Household', 'Gezin'), at: 2 },
    { name: 'members', parent: 'household', label: en('Members', 'Leden'), repeat: true, at: 3 },
  ],
};

test('a field form with a repeat, a filtered list, a constraint and a position, saved offline on a phone', async () => {
  const page = await env.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await login(page, env.base, 'national-admin@demo.enquete.org', 'demo-national-admin-pass');
  const published = await page.evaluate(async (form) => {
    const csrf = document.querySelector('form[action="/logout"] input[name=csrf]').value;
    const res = await fetch('/api/v1/surveys', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(form),
    });
    return { status: res.status, body: await res.json() };
  }, FORM);
  assert.equal(published.status, 201, JSON.stringify(published.body));
  const surveyId = published.body.id;

  await env.context.grantPermissions(['geolocation'], { origin: env.base });
  await env.context.setGeolocation({ latitude: 51.0259, longitude: 4.4776, accuracy: 12 });
  await login(page, env.base, 'canvasser@demo.enquete.org', 'demo-canvasser-pass');
  await page.goto(`${env.base}/canvass/${surveyId}`);
  await page.waitForSelector('#response-form:not([hidden])');
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 15000 });
  // The form is in English and Dutch: a picker, on the interface's language.
  assert.equal(await page.isVisible('#form-language'), true);
  assert.equal(await page.inputValue('#form-language'), 'en');

  // The group is a section, the note is text, the repeat starts empty.
  assert.equal(await page.textContent('fieldset.group > legend'), 'Household');
  assert.match(await page.textContent('.question.note'), /each person/);
  assert.equal(await page.locator('fieldset.row').count(), 0);

  // The city list follows the province.
  await page.check('fieldset[data-name=province] input[value=antwerp]');
  const cities = () => page.$$eval('fieldset[data-name=city] option', (os) => os.filter((o) => o.value && !o.hidden).map((o) => o.value));
  assert.deepEqual(await cities(), ['mechelen', 'lier']);
  await page.check('fieldset[data-name=province] input[value=liege]');
  assert.deepEqual(await cities(), ['seraing', 'huy']);
  await page.selectOption('fieldset[data-name=city] select', 'huy');

  // Four rows added, one removed: three members.
  const add = page.locator('button.add-row');
  assert.match(await add.textContent(), /Add a row to .Members./);
  for (let i = 0; i < 4; i++) await add.click();
  await page.click('fieldset[data-row="household/members[4]"] button.remove-row');
  assert.equal(await page.locator('fieldset.row').count(), 3);
  const people = [['Amina', '44'], ['Jonas', '150'], ['Lotte', '7']];
  for (const [i, [name, age]] of people.entries()) {
    await page.fill(`fieldset[data-path="household/members[${i + 1}]/first_name"] input`, name);
    await page.fill(`fieldset[data-path="household/members[${i + 1}]/age"] input`, age);
  }
  // The calculation counts the rows, shown read-only.
  assert.equal(await page.inputValue('fieldset[data-name=listed] input'), '3');

  // 150 breaks the constraint: the form's own message, and nothing is saved.
  const age2 = 'fieldset[data-path="household/members[2]/age"]';
  assert.equal(await page.textContent(`${age2} .field-error`), 'An age between 0 and 120, please.');
  await page.click('#record-position, fieldset[data-name=where] button.locate');
  await page.waitForFunction(() => /51\.025900, 4\.477600 \(± 12 m\)/.test(document.querySelector('fieldset[data-name=where] output').textContent), null, { timeout: 5000 }).catch(async (e) => { throw new Error(await page.textContent('fieldset[data-name=where]')); });
  await page.click('#save');
  assert.match(await page.textContent('#form-status'), /To correct \(1\)/);
  assert.equal(await page.evaluate(() => document.activeElement.closest('fieldset.question')?.dataset.path), 'household/members[2]/age');
  assert.equal(await page.getAttribute('#pending', 'data-count'), '0', 'nothing saved while an answer is refused');
  await page.fill(`${age2} input`, '51');
  assert.equal(await page.locator(`${age2} .field-error`).count(), 0);

  // Every control labelled, nothing axe-core calls serious, nothing wider than the phone.
  assert.deepEqual(await accessibility(page), []);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `page is ${wide} px wide`);
  // The screen as the canvasser sees it (a full-page screenshot would leave headless Chromium's
  // metrics such that the next tap scrolls the page away from under the pointer).
  await page.screenshot({ path: join(resultsDir, 'field-form-phone.png') });

  // No signal: saved on the phone; signal again: sent.
  await env.context.setOffline(true);
  await page.click('#save');
  await page.waitForFunction(() => document.querySelector('#pending').dataset.count === '1', null, { timeout: 10000 })
    .catch(async () => { throw new Error(`not saved: ${errors.join(' / ')} ${await page.textContent('#form-status')} / ${await page.textContent('#sync-status')}`); });
  assert.equal(await page.locator('fieldset.row').count(), 0, 'a fresh form after saving');
  await env.context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForFunction(() => document.querySelector('#pending').dataset.count === '0', null, { timeout: 20000 });
  assert.equal(await page.textContent('#rejected'), '', 'the server took it');

  assert.deepEqual(errors, [], 'no script error on the page');

  // Stored as the server reads it: three rows, the city, the position.
  const stored = execFileSync('python3', ['-c', `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT answers FROM responses WHERE survey_id = ?", (int(sys.argv[2]),)).fetchall()
print(json.dumps([json.loads(r[0]) for r in rows]))
`, env.db, String(surveyId)]).toString();
  const responses = JSON.parse(stored);
  assert.equal(responses.length, 1);
  const answers = responses[0];
  assert.equal(answers.province, 'liege');
  assert.equal(answers.city, 'huy');
  assert.deepEqual(answers['household/members'].map((r) => [r['household/members/first_name'], r['household/members/age']]), [['Amina', 44], ['Jonas', 51], ['Lotte', 7]]);
  assert.match(answers.where, /^51\.0259 4\.4776 \S+ 12$/);

  // The organizer reads it back on the phone: the place on a map drawn without a basemap, the
  // members counted per row and per household, the ages as quartiles; nothing wider than the
  // phone, at 200% zoom either, and nothing axe-core calls serious.
  await login(page, env.base, 'national-admin@demo.enquete.org', 'demo-national-admin-pass');
  await page.goto(`${env.base}/surveys/${surveyId}/results?lang=en`);
  assert.equal(await page.locator('#q-where svg.hexmap polygon.hex').count(), 1);
  assert.match(await page.textContent('#q-where figcaption'), /hexagon is about/);
  assert.match(await page.textContent('#repeat-household-members'), /3 rows in one response/);
  assert.match(await page.textContent('#repeat-household-members'), /Median 44/);
  assert.deepEqual(await accessibility(page), []);
  for (const size of [{ width: 390, height: 844 }, { width: 640, height: 400 }]) {
    await page.setViewportSize(size);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= size.width, `results page is ${width} px wide at ${size.width}`);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(resultsDir, 'field-results-phone.png'), fullPage: true });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.reload();
  assert.deepEqual(requests.filter((u) => !u.startsWith(env.base)), [], 'nothing fetched from outside');
  assert.deepEqual(errors, [], 'no script error on the results page');
});

test('a repeat whose rows the form counts, the form in another language, and a phone at 200% zoom', async () => {
  const page = await env.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await login(page, env.base, 'national-admin@demo.enquete.org', 'demo-national-admin-pass');
  const form = {
    form_id: 'rooms',
    title: en('Rooms', 'Kamers'),
    questions: [
      { name: 'size', label: en('How many rooms?', 'Hoeveel kamers?'), required: true, type: 'number', min: 0, max: 10 },
      { name: 'room_use', label: en('What is it used for?', 'Waarvoor dient ze?'), type: 'text', max_length: 50, group: 'rooms' },
      { name: 'seen', label: en('Seen from the street', 'Gezien vanaf de straat'), type: 'acknowledge', relevant: '${size} > 2' },
    ],
    groups: [{ name: 'rooms', label: en('Rooms', 'Kamers'), repeat: true, repeat_count: '${size}', at: 1 }],
  };
  const published = await page.evaluate(async (f) => {
    const csrf = document.querySelector('form[action="/logout"] input[name=csrf]').value;
    const res = await fetch('/api/v1/surveys', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify(f) });
    return res.json();
  }, form);
  await login(page, env.base, 'canvasser@demo.enquete.org', 'demo-canvasser-pass');
  await page.goto(`${env.base}/canvass/${published.id}`);
  await page.waitForSelector('#response-form:not([hidden])');

  // The form fixes the rows: no buttons to add or remove them.
  await page.fill('fieldset[data-name=size] input', '2');
  await page.waitForFunction(() => document.querySelectorAll('fieldset.row').length === 2);
  assert.equal(await page.isVisible('button.add-row'), false);
  assert.equal(await page.locator('button.remove-row').count(), 0);
  assert.equal(await page.isVisible('fieldset[data-name=seen]'), false, 'asked only with more than two rooms');
  await page.fill('fieldset[data-path="rooms[2]/room_use"] input', 'kitchen');
  await page.fill('fieldset[data-name=size] input', '3');
  await page.waitForFunction(() => document.querySelectorAll('fieldset.row').length === 3);
  assert.equal(await page.inputValue('fieldset[data-path="rooms[2]/room_use"] input'), 'kitchen', 'rows keep their answers');
  assert.equal(await page.isVisible('fieldset[data-name=seen]'), true);
  await page.fill('fieldset[data-name=size] input', '1');
  await page.waitForFunction(() => document.querySelectorAll('fieldset.row').length === 1);

  // The form's other language, from the picker.
  await page.selectOption('#form-language', 'nl');
  assert.equal(await page.textContent('fieldset[data-name=size] legend'), 'Hoeveel kamers? *');
  assert.equal(await page.inputValue('fieldset[data-name=size] input'), '1', 'answers survive the change of language');

  // 200% zoom on a 390 px phone is a 195 px wide page: still nothing wider than the screen.
  await page.setViewportSize({ width: 195, height: 422 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 195, `page is ${wide} px wide at 200%`);
  assert.deepEqual(errors, []);
});
