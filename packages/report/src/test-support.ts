/**
 * What the report's tests share: a PDF's pages as images, drawn by pdf.js inside Debian's
 * Chromium (no poppler needed), with the numbers a test can check (how much a page varies, how
 * many of its pixels have a given colour); and the reason the browser tests cannot run here.
 *
 *     const pages = await pdfPages(pdf, { colours: { fiber: '#6a3d9a' } });
 *     pages[1]!.colourPixels.fiber;   // > 0 when the map page shows fibre sites
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing } from './pdf.js';

/** Why the browser tests cannot run here, or false; an error where CI requires them (POSTATLAS_REQUIRE_BROWSER=1). */
export function browserMissing(): string | false {
  const missing = chromiumMissing();
  if (missing && process.env.POSTATLAS_REQUIRE_BROWSER === '1') throw new Error(`POSTATLAS_REQUIRE_BROWSER=1 but ${missing}`);
  return missing;
}

export interface PageImage {
  png: Buffer;
  width: number;
  height: number;
  /** Variance of the pixels' luminance (0–255 squared): a blank page has 0. */
  variance: number;
  /** Per named colour, the pixels within a small distance of it (anti-aliased edges left aside). */
  colourPixels: Record<string, number>;
  /** The page's text, as pdf.js reads it. */
  text: string;
}

const require = createRequire(import.meta.url);
const ORIGIN = 'http://pdf.invalid';

/** Every page of a PDF drawn at `scale` (1 = 72 dpi). */
export async function pdfPages(pdf: Uint8Array, o: { colours?: Record<string, string>; scale?: number } = {}): Promise<PageImage[]> {
  const build = (file: string) => readFileSync(require.resolve(`pdfjs-dist/build/${file}`));
  const files: Record<string, [string, Buffer | string]> = {
    '/': ['text/html', '<!DOCTYPE html><meta charset="utf-8"><body></body>'],
    '/pdf.mjs': ['text/javascript', build('pdf.min.mjs')],
    '/pdf.worker.mjs': ['text/javascript', build('pdf.worker.min.mjs')],
    '/doc.pdf': ['application/pdf', Buffer.from(pdf)],
  };
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    // A made-up origin served from memory: pdf.js loads as a module with its worker, and nothing goes out.
    await page.route('**/*', (route) => {
      const file = files[new URL(route.request().url()).pathname];
      return file ? route.fulfill({ status: 200, contentType: file[0], body: file[1] }) : route.abort();
    });
    await page.goto(`${ORIGIN}/`);
    const colours = Object.entries(o.colours ?? {}).map(([name, hex]): [string, [number, number, number]] => [name, [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]]);
    const rendered = await page.evaluate(async ({ scale, colours }) => {
      const pdfjs = await import(`${location.origin}/pdf.mjs`);
      pdfjs.GlobalWorkerOptions.workerSrc = `${location.origin}/pdf.worker.mjs`;
      const doc = await pdfjs.getDocument({ url: `${location.origin}/doc.pdf`, isEvalSupported: false }).promise;
      const out = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const p = await doc.getPage(n);
        const viewport = p.getViewport({ scale });
        const canvas = document.createElement('canvas');
        canvas.width = Math.ceil(viewport.width);
        canvas.height = Math.ceil(viewport.height);
        const ctx = canvas.getContext('2d')!;
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        await p.render({ canvasContext: ctx, viewport, canvas }).promise;
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        let sum = 0;
        let sumSq = 0;
        const counts: Record<string, number> = Object.fromEntries(colours.map(([name]) => [name, 0]));
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
          const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
          sum += l;
          sumSq += l * l;
          for (const [name, [cr, cg, cb]] of colours) if (Math.abs(r - cr) + Math.abs(g - cg) + Math.abs(b - cb) <= 24) counts[name]! += 1;
        }
        const pixels = data.length / 4;
        const content = await p.getTextContent();
        out.push({
          png: canvas.toDataURL('image/png'), width: canvas.width, height: canvas.height, variance: sumSq / pixels - (sum / pixels) ** 2, colourPixels: counts,
          text: content.items.map((item: { str?: string }) => item.str ?? '').join(' '),
        });
      }
      return out;
    }, { scale: o.scale ?? 1.25, colours });
    return rendered.map((r) => ({ ...r, png: Buffer.from(r.png.slice(r.png.indexOf(',') + 1), 'base64') }));
  } finally {
    await browser.close();
  }
}
