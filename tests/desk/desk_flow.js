#!/usr/bin/env node
// The officer's desk in a real browser (issue 33): Debian's headless Chromium, driven by
// puppeteer-core, signs in, opens the week, opens a planned visit's form, records it with a
// deficiency, opens the unit's page and signs out, as an officer would on a phone: at 375 px.
// On every page type it runs axe-core's WCAG 2.0/2.1 A and AA rules and checks that the page is
// no wider than the screen. JavaScript is not needed by the desk; the browser only types and clicks.
//
//   node desk_flow.js --axe PATH/axe.min.js --url http://127.0.0.1:PORT/ --officer ID --password PW
//                     --visit FOLLOW_UP --unit UNIT --week YYYY-MM-DD --day YYYY-MM-DD
//                     --condition ID --grade LEVEL [--screenshot-dir DIR]
//
// Prints one line per page ("page sign-in: 0 violations, 375 px wide") and exits 0 when every
// step did what it should and no page had a problem, 1 otherwise, 2 on a usage error, 3 when the
// browser cannot be driven. puppeteer-core is found beside axe-core (install_tools.sh).
'use strict';
const path = require('path');

const options = {};
const argv = process.argv.slice(2);
for (let i = 0; i + 1 < argv.length; i += 2) {
    if (!argv[i].startsWith('--')) break;
    options[argv[i].slice(2)] = argv[i + 1];
}
const required = ['axe', 'url', 'officer', 'password', 'visit', 'unit', 'week', 'day', 'condition', 'grade'];
const missing = required.filter((k) => !options[k]);
if (missing.length) {
    process.stderr.write(`desk_flow.js: missing --${missing.join(', --')}\n`);
    process.exit(2);
}
const puppeteer = require(path.join(path.resolve(path.dirname(options.axe), '..'), 'puppeteer-core'));
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const width = 375;
const failures = [];

/// axe-core and the width check on the page as it stands; the page's name in every line.
async function checkPage(page, name) {
    await page.addScriptTag({ path: path.resolve(options.axe) });
    const violations = await page.evaluate(async (tags) => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')} — ${v.help}`);
    }, wcagTags);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    for (const v of violations) failures.push(`${name}: ${v}`);
    if (wide > width) failures.push(`${name}: ${wide} px wide on a ${width} px screen`);
    if (options['screenshot-dir']) await page.screenshot({ path: path.join(options['screenshot-dir'], `desk-${name}-${width}.png`), fullPage: true });
    process.stdout.write(`page ${name}: ${violations.length} violations, ${wide} px wide\n`);
}

function expect(condition, what) {
    if (!condition) failures.push(what);
}

async function submit(page, selector) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

async function flow(browser) {
    const page = await browser.newPage();
    // The desk's Content-Security-Policy allows no script, rightly; axe-core is the test's own.
    await page.setBypassCSP(true);
    await page.setViewport({ width, height: 800 });
    const base = options.url.replace(/\/$/, '');

    await page.goto(`${base}/sign-in`, { waitUntil: 'load' });
    await checkPage(page, 'sign-in');
    await page.type('#officer', options.officer);
    await page.type('#password', options.password);
    await submit(page, 'main button[type=submit]');
    expect(new URL(page.url()).pathname === '/', `signing in led to ${page.url()}, not the week`);

    await page.goto(`${base}/?dag=${options.week}`, { waitUntil: 'load' });
    await checkPage(page, 'my-week');
    const visitLink = await page.$(`a[href="/besok/${options.visit}"]`);
    expect(visitLink !== null, `the week of ${options.week} does not link the visit ${options.visit}`);
    if (visitLink === null) return;
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), visitLink.click()]);
    await checkPage(page, 'visit-form');

    // The day: a date field, set as a date picker would. The grade by its Swedish label.
    await page.$eval('#dag', (e, day) => { e.value = day; }, options.day);
    await page.select(`#betyg_${options.condition}`, options.grade);
    await page.type(`#text_${options.condition}`, 'Iakttaget i webbläsaren: för stora grupper.');
    await submit(page, 'main button[type=submit]');
    const recorded = await page.$eval('main h1', (e) => e.textContent);
    expect(recorded === 'Besöket är registrerat', `after saving, the page says "${recorded}"`);
    await checkPage(page, 'visit-recorded');
    const proposal = await page.$eval('main', (e) => e.textContent.includes('Modellens förslag'));
    expect(proposal, 'the recorded visit shows no model proposal');

    await page.goto(`${base}/enhet/${options.unit}`, { waitUntil: 'load' });
    await checkPage(page, 'unit');
    const done = await page.$eval('main', (e, day) => e.textContent.includes(`Gjord ${day}`), options.day);
    expect(done, `the unit's page does not show the visit done ${options.day}`);

    await submit(page, 'header form button[type=submit]');
    expect(new URL(page.url()).pathname === '/sign-in', `signing out led to ${page.url()}`);
    await page.goto(`${base}/`, { waitUntil: 'load' });
    expect(new URL(page.url()).pathname === '/sign-in', 'after signing out the week is still shown');
    await page.close();
}

(async () => {
    let browser;
    try {
        browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
                                           args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
        await flow(browser);
    } catch (e) {
        process.stderr.write(`desk_flow.js: ${e.stack || e.message}\n`);
        if (browser) await browser.close();
        process.exit(3);
    }
    await browser.close();
    for (const f of failures) process.stdout.write(`FAIL ${f}\n`);
    process.stdout.write(`${failures.length} problem(s)\n`);
    process.exit(failures.length ? 1 : 0);
})();
