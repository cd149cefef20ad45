#!/usr/bin/env node
// Checks HTML pages as a browser shows them: axe-core's WCAG 2.0/2.1 A and AA rules in Debian's
// headless Chromium, driven by puppeteer-core (no browser download). Optionally saves screenshots
// at given widths, and fails a page that is wider than the screen at given widths (a resident on
// a phone must never scroll sideways to read a page; a wide table may scroll inside its own box).
//
//   node axe_check.js --axe PATH/axe.min.js [--screenshot-dir DIR --widths 375,1280]
//                     [--no-overflow-at 320,375] FILE.html...
//
// Prints every violation per file (rule id, impact, target selector, help) and every overflow
// (width, the document's width, the widest elements), and exits 1 if there is any, 2 on a usage
// error, 3 if the browser cannot be driven. puppeteer-core is found beside axe-core (both are
// installed into the same node_modules by install_tools.sh), so no NODE_PATH is needed.
'use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

function usage(message) {
    process.stderr.write(`axe_check.js: ${message}\n` +
        'usage: axe_check.js --axe PATH/axe.min.js [--screenshot-dir DIR --widths 375,1280] [--no-overflow-at 375] [--layout-only] FILE.html...\n');
    process.exit(2);
}

function parseWidths(text, option) {
    const widths = text.split(',').map((w) => Number.parseInt(w, 10));
    if (widths.some((w) => !Number.isInteger(w) || w < 200 || w > 4000)) usage(`${option} wants widths in pixels like 375,1280, got '${text}'`);
    return widths;
}

const options = { axe: null, screenshotDir: null, widths: [], overflowWidths: [], layoutOnly: false, files: [] };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const value = () => { if (i + 1 >= argv.length) usage(`${a} wants a value`); return argv[++i]; };
    if (a === '--axe') options.axe = value();
    else if (a === '--screenshot-dir') options.screenshotDir = value();
    else if (a === '--widths') options.widths = parseWidths(value(), a);
    else if (a === '--no-overflow-at') options.overflowWidths = parseWidths(value(), a);
    // Every page of a kind checked for its layout only (no clipping at the widths given): axe's
    // rules are the same for pages of one template, and a hundred pages under axe take a minute.
    else if (a === '--layout-only') options.layoutOnly = true;
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else options.files.push(a);
}
if (!options.axe) usage('--axe is required');
if (!fs.existsSync(options.axe)) usage(`no axe-core at '${options.axe}' (run install_tools.sh, the browser_tools test fixture)`);
if (options.files.length === 0) usage('no HTML file given');
if (options.screenshotDir && options.widths.length === 0) usage('--screenshot-dir wants --widths');
for (const f of options.files) if (!fs.existsSync(f)) usage(`no such file '${f}'`);

const nodeModules = path.resolve(path.dirname(options.axe), '..');
let puppeteer;
try {
    puppeteer = require(path.join(nodeModules, 'puppeteer-core'));
} catch (e) {
    process.stderr.write(`axe_check.js: puppeteer-core is not beside axe-core in '${nodeModules}': ${e.message}\n`);
    process.exit(3);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

// WCAG 2.0 and 2.1, levels A and AA: what the Swedish accessibility law (DOS 2018:1937) asks of
// public-sector websites, through EN 301 549.
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function checkFile(browser, file) {
    const problems = [];
    const page = await browser.newPage();
    // A page must make no request outside itself (issue 19: fonts and scripts bundled): anything
    // but file: and data: URLs is refused and reported.
    await page.setRequestInterception(true);
    page.on('request', (request) => {
        const url = request.url();
        if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('about:')) request.continue();
        else {
            problems.push(`external request: ${url}`);
            request.abort();
        }
    });
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    const url = pathToFileURL(path.resolve(file)).href;
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(url, { waitUntil: 'load' });
    const result = options.layoutOnly ? [] : await page.addScriptTag({ path: path.resolve(options.axe) }).then(() => page.evaluate(async (tags) => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map((n) => n.target.join(' ')),
        }));
    }, wcagTags));
    for (const v of result)
        for (const target of v.targets) problems.push(`${v.id} (${v.impact}): ${target} — ${v.help}`);

    const widths = [...new Set([...options.widths, ...options.overflowWidths])].sort((a, b) => a - b);
    for (const width of widths) {
        await page.setViewport({ width, height: 800 });
        if (options.overflowWidths.includes(width)) {
            const overflow = await page.evaluate(() => {
                const doc = document.documentElement;
                const viewport = doc.clientWidth;
                // A box that hides or scrolls what does not fit (a table in a scrolling frame, a
                // cell cut with an ellipsis) clips it: the resident does not see that column.
                const clipped = [];
                for (const e of document.body.querySelectorAll('*')) {
                    const style = getComputedStyle(e);
                    const hides = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
                    const cell = e.tagName === 'TD' || e.tagName === 'TH';
                    if ((hides || cell) && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 2 && clipped.length < 5) {
                        const id = e.id ? `#${e.id}` : '';
                        const cls = typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
                        clipped.push(`${e.tagName.toLowerCase()}${id}${cls} (${e.scrollWidth} px of content in ${e.clientWidth} px: ` +
                                     `"${(e.textContent || '').trim().slice(0, 40)}")`);
                    }
                }
                if (doc.scrollWidth <= viewport && clipped.length === 0) return null;
                if (doc.scrollWidth <= viewport) return { document: doc.scrollWidth, viewport, wide: [], clipped };
                // The elements that stick out past the screen's right edge, outermost first, so
                // the message says what to fix.
                const wide = [];
                for (const e of document.body.querySelectorAll('*')) {
                    const box = e.getBoundingClientRect();
                    if (box.right > viewport + 1 && wide.length < 5) {
                        const id = e.id ? `#${e.id}` : '';
                        const cls = typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
                        wide.push(`${e.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(box.right)} px)`);
                    }
                }
                return { document: doc.scrollWidth, viewport, wide, clipped };
            });
            if (overflow && overflow.wide.length > 0)
                problems.push(`horizontal overflow at ${width} px: the page is ${overflow.document} px wide on a ${overflow.viewport} px screen; ` +
                              `widest: ${overflow.wide.join(', ')}`);
            if (overflow && overflow.clipped.length > 0)
                problems.push(`clipped at ${width} px: ${overflow.clipped.join('; ')}`);
        }
        if (options.screenshotDir && options.widths.includes(width)) {
            fs.mkdirSync(options.screenshotDir, { recursive: true });
            const base = path.basename(path.dirname(path.resolve(file))) + '-' + path.basename(file, '.html');
            const shot = path.join(options.screenshotDir, `${base}-${width}.png`);
            await page.screenshot({ path: shot, fullPage: true });
            process.stdout.write(`screenshot: ${shot}\n`);
        }
    }
    await page.close();
    return problems;
}

(async () => {
    let browser;
    try {
        browser = await puppeteer.launch({
            executablePath,
            headless: true,
            args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--allow-file-access-from-files'],
        });
    } catch (e) {
        process.stderr.write(`axe_check.js: cannot start ${executablePath}: ${e.message}\n`);
        process.exit(3);
    }
    let failed = 0;
    try {
        for (const file of options.files) {
            const problems = await checkFile(browser, file);
            if (problems.length === 0) process.stdout.write(options.layoutOnly ? `${file}: nothing clipped\n` : `${file}: no WCAG 2.1 A/AA violation\n`);
            else {
                failed += 1;
                process.stdout.write(`${file}: ${problems.length} problem(s)\n`);
                for (const p of problems) process.stdout.write(`  ${p}\n`);
            }
        }
    } catch (e) {
        process.stderr.write(`axe_check.js: ${e.stack || e.message}\n`);
        await browser.close();
        process.exit(3);
    }
    await browser.close();
    process.stdout.write(`${options.files.length} page(s) checked, ${failed} with problems\n`);
    process.exit(failed ? 1 : 0);
})();
