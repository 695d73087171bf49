/**
 * The report's HTML printed to PDF by Debian's headless Chromium (playwright-core drives it; no
 * browser is downloaded). Every request the page would make is refused, so printing sends
 * nothing anywhere. One print at a time per process: each Chromium takes a few hundred MB.
 *
 *     const pdf = await htmlToPdf(reportHtml(model, 'en'), { footer: 'STP half' });
 *     chromiumMissing();   // 'no Chromium at /usr/bin/chromium: apt-get install chromium …', or false
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { esc } from './markup.js';

export const CHROMIUM = process.env.POSTATLAS_CHROMIUM ?? '/usr/bin/chromium';

/** The flags the project runs Chromium with everywhere (the web app's browser tests too): nothing phones home. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Thrown when there is no Chromium to print with; the HTML format works without one. */
export class ChromiumMissing extends Error {
  constructor(readonly path: string) {
    super(`PDF reports need Chromium, and there is none at ${path}: apt-get install chromium (or set POSTATLAS_CHROMIUM to its path); --format html works without it`);
  }
}

/** Why no PDF can be printed here, or false. */
export function chromiumMissing(): string | false {
  return existsSync(CHROMIUM) ? false : new ChromiumMissing(CHROMIUM).message;
}

/** Margins in millimetres, the same as the HTML's @page rule, with room for the footer at the bottom. */
const MARGIN = { top: '14mm', right: '15mm', bottom: '16mm', left: '15mm' };

let queue: Promise<unknown> = Promise.resolve();

/**
 * A4 pages of the HTML, backgrounds printed, with `footer` and the page number at the foot of
 * each page. `dir` sets the footer's direction (rtl for Arabic).
 */
export function htmlToPdf(html: string, o: { footer?: string; dir?: 'ltr' | 'rtl' } = {}): Promise<Buffer> {
  const run = queue.then(() => print(html, o));
  queue = run.catch(() => undefined);
  return run;
}

async function print(html: string, o: { footer?: string; dir?: 'ltr' | 'rtl' }): Promise<Buffer> {
  if (!existsSync(CHROMIUM)) throw new ChromiumMissing(CHROMIUM);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort('blockedbyclient'));
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({
      format: 'A4', printBackground: true, margin: MARGIN, displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div dir="${o.dir ?? 'ltr'}" style="width:100%;margin:0 15mm;font-size:7.5pt;color:#4f5661;font-family:'DejaVu Sans',sans-serif;display:flex;justify-content:space-between">`
        + `<span>${esc(o.footer ?? 'postatlas')}</span><span dir="ltr"><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
    });
  } finally {
    await browser.close();
  }
}
