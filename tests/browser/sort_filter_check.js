#!/usr/bin/env node
// The residents' area page as a resident uses it, in headless Chromium, with JavaScript off and
// on: the filter's choices hide exactly the rows that do not match, a column heading gives the
// ordering the pre-sorted page has, and with the script the live line counts what is shown.
//
//   node sort_filter_check.js --axe PATH/axe.min.js AREA/index.html
//
// (--axe only locates puppeteer-core, installed beside axe-core by install_tools.sh.) Exit 0 when
// every check holds, 1 with each failure printed, 2 on a usage error, 3 if the browser fails.
'use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const argv = process.argv.slice(2);
const axeAt = argv.indexOf('--axe');
if (axeAt < 0 || argv.length !== 3) {
    process.stderr.write('usage: sort_filter_check.js --axe PATH/axe.min.js AREA/index.html\n');
    process.exit(2);
}
const axe = argv[axeAt + 1];
const page = argv.filter((a, i) => i !== axeAt && i !== axeAt + 1)[0];
if (!page || !fs.existsSync(page)) {
    process.stderr.write(`sort_filter_check.js: no such page '${page}'\n`);
    process.exit(2);
}
const puppeteer = require(path.join(path.resolve(path.dirname(axe), '..'), 'puppeteer-core'));

const failures = [];
function expect(condition, message) {
    if (!condition) failures.push(message);
}

async function visibleRows(p) {
    return p.evaluate(() => Array.from(document.querySelectorAll('#enheter tbody tr'))
        .filter((r) => r.offsetParent !== null)
        .map((r) => ({ name: r.cells[0].querySelector('a').textContent, o: r.getAttribute('data-o'), b: r.getAttribute('data-b') })));
}

async function check(browser, javascript) {
    const mode = javascript ? 'with JavaScript' : 'without JavaScript';
    const p = await browser.newPage();
    await p.setJavaScriptEnabled(javascript);
    p.on('pageerror', (e) => failures.push(`${mode}: script error: ${e.message}`));
    await p.setViewport({ width: 1280, height: 900 });
    await p.goto(pathToFileURL(path.resolve(page)).href);
    const all = await visibleRows(p);
    expect(all.length > 0, `${mode}: no rows shown`);
    if (javascript) {
        const count = await p.$eval('#antal', (e) => e.textContent);
        expect(count.includes(String(all.length)), `${mode}: the count says '${count}', ${all.length} rows shown`);
    }
    // Ownership, then also "has open deficiencies": every row shown matches both choices, and
    // no row that matches is hidden.
    await p.click('#f-o-municipal');
    const municipal = await visibleRows(p);
    expect(municipal.every((r) => r.o === 'municipal'), `${mode}: a non-municipal row shown with "Kommunal" chosen`);
    expect(municipal.length === all.filter((r) => r.o === 'municipal').length, `${mode}: municipal rows hidden`);
    await p.click('#f-b-ja');
    const both = await visibleRows(p);
    expect(both.every((r) => r.o === 'municipal' && r.b === 'ja'), `${mode}: a row without open deficiencies shown`);
    if (javascript) {
        const count = await p.$eval('#antal', (e) => e.textContent);
        expect(count.includes(`${both.length} `), `${mode}: the count says '${count}', ${both.length} rows shown`);
    }
    await p.click('#f-o-alla');
    await p.click('#f-b-alla');
    expect((await visibleRows(p)).length === all.length, `${mode}: "Alla" does not show every row again`);
    // The unit-name heading, clicked: the descending order, as the pre-sorted page has it.
    const expected = await (async () => {
        const other = await browser.newPage();
        await other.setJavaScriptEnabled(false);
        await other.goto(pathToFileURL(path.join(path.dirname(path.resolve(page)), 'sortera-namn-fallande.html')).href);
        const names = await visibleRows(other);
        await other.close();
        return names.map((r) => r.name);
    })();
    if (javascript) {
        await p.click('th[data-col="0"] a');
        expect(await p.$eval('th[data-col="0"]', (e) => e.getAttribute('aria-sort')) === 'descending', `${mode}: aria-sort is not "descending" after the click`);
    } else {
        await Promise.all([p.waitForNavigation(), p.click('th[data-col="0"] a')]);
        expect(p.url().endsWith('sortera-namn-fallande.html'), `${mode}: the heading led to ${p.url()}`);
    }
    const sorted = (await visibleRows(p)).map((r) => r.name);
    expect(JSON.stringify(sorted) === JSON.stringify(expected), `${mode}: the order after the click differs from sortera-namn-fallande.html`);
    const reversed = [...sorted].reverse(), before = all.map((r) => r.name);
    const differs = reversed.findIndex((n, i) => n !== before[i]);
    expect(differs < 0, `${mode}: descending is not ascending reversed (row ${differs}: '${reversed[differs]}', '${before[differs]}')`);
    await p.close();
    process.stdout.write(`${mode}: ${all.length} rows, ${municipal.length} municipal, ${both.length} municipal with open deficiencies\n`);
}

(async () => {
    let browser;
    try {
        browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
                                           args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
        await check(browser, false);
        await check(browser, true);
    } catch (e) {
        process.stderr.write(`sort_filter_check.js: ${e.stack || e.message}\n`);
        if (browser) await browser.close();
        process.exit(3);
    }
    await browser.close();
    for (const f of failures) process.stdout.write(`FAIL ${f}\n`);
    process.exit(failures.length ? 1 : 0);
})();
