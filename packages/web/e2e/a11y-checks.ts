/**
 * Accessibility checks that run inside the page (passed to page.evaluate, so each function is
 * self-contained): WCAG 2.1 contrast of every visible text against what is painted behind it, and
 * the accessible names of controls and images. No axe-core: these are the rules the issue asks
 * for, written out so a failure says which element and why.
 *
 *     const { checked, offenders } = await page.evaluate(contrastOffenders);   // offenders [] when every text passes
 *     const nameless = await page.evaluate(namelessElements);
 */

export interface ContrastOffender { selector: string; text: string; ratio: number; required: number; colour: string; background: string }

/** Texts below 4.5:1 (3:1 when large: 24px, or 18.66px bold); texts over an image or a canvas are skipped, their background unknown. */
export function contrastOffenders(): { checked: number; offenders: ContrastOffender[] } {
  type Rgba = [number, number, number, number];
  const parse = (c: string): Rgba | null => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return null;
    const p = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
    return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
  };
  // Paints `top` over an opaque `under`.
  const over = (top: Rgba, under: Rgba): Rgba => [0, 1, 2].map((i) => top[i]! * top[3] + under[i]! * (1 - top[3])).concat(1) as Rgba;
  const luminance = ([r, g, b]: Rgba) => {
    const lin = (v: number) => { const s = v / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const ratio = (a: Rgba, b: Rgba) => { const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x); return (l1! + 0.05) / (l2! + 0.05); };
  const selector = (el: Element) => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && parts.length < 4; e = e.parentElement) {
      if (e.id) { parts.unshift(`#${e.id}`); break; }
      const cls = typeof e.className === 'string' && e.className.trim() ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
      const nth = e.parentElement ? `:nth-child(${Array.from(e.parentElement.children).indexOf(e) + 1})` : '';
      parts.unshift(`${e.tagName.toLowerCase()}${cls}${nth}`);
    }
    return parts.join(' > ');
  };
  const painted = (el: Element) => {
    const tag = el.tagName.toLowerCase();
    return tag === 'img' || tag === 'canvas' || tag === 'video' || tag === 'image' || getComputedStyle(el).backgroundImage !== 'none';
  };
  /** What is painted behind el, top first: the elements under its centre, else its ancestors. */
  const behind = (el: Element): Element[] => {
    const r = el.getBoundingClientRect();
    const stack = document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const at = stack.indexOf(el);
    if (at >= 0) return stack.slice(at);
    const chain: Element[] = [];
    for (let e: Element | null = el; e; e = e.parentElement) chain.push(e);
    return chain;
  };
  /**
   * The colours el's text may sit on: one when an opaque colour is behind it; over an image or a
   * canvas, the translucent layers between painted over black and over white (the worst of the
   * two is what counts); none when the text sits on the picture itself (unknown, skipped).
   */
  const backgrounds = (el: Element): Rgba[] => {
    const layers: Rgba[] = [];
    const paint = (base: Rgba) => layers.reduceRight<Rgba>((under, top) => over(top, under), base);
    for (const e of behind(el)) {
      if (painted(e)) return layers.length ? [paint([0, 0, 0, 1]), paint([255, 255, 255, 1])] : [];
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg && bg[3] > 0) { layers.push(bg); if (bg[3] >= 1) break; }
    }
    return [paint([255, 255, 255, 1])];
  };

  const offenders: ContrastOffender[] = [];
  let checked = 0;
  for (const el of Array.from(document.querySelectorAll('body *'))) {
    const text = Array.from(el.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim();
    if (!text || ['SCRIPT', 'STYLE', 'OPTION', 'TITLE', 'NOSCRIPT'].includes(el.tagName)) continue;
    if ((el as HTMLButtonElement).disabled || el.closest('[aria-hidden="true"], [hidden]')) continue; // WCAG exempts inactive controls
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || style.visibility !== 'visible' || el.closest('.visually-hidden')) continue;
    let opacity = 1;
    for (let e: Element | null = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    if (opacity === 0) continue;
    const ink = parse(el instanceof SVGElement ? style.fill : style.color);
    if (!ink) continue;
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const required = large ? 3 : 4.5;
    const behindText = backgrounds(el);
    if (behindText.length) checked++;
    for (const bg of behindText) {
      const fg = over([ink[0], ink[1], ink[2], ink[3] * opacity], bg);
      const value = ratio(fg, bg);
      if (value < required - 0.005) {
        offenders.push({ selector: selector(el), text: text.slice(0, 40), ratio: Math.round(value * 100) / 100, required, colour: style.color, background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})` });
        break;
      }
    }
  }
  return { checked, offenders };
}

/** Form controls, buttons, links and images without an accessible name, as selectors. */
export function namelessElements(): string[] {
  const textOf = (ids: string) => ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
  const named = (el: Element) => {
    if (el.getAttribute('aria-label')?.trim()) return true;
    const by = el.getAttribute('aria-labelledby');
    if (by && textOf(by)) return true;
    if (el.getAttribute('title')?.trim()) return true;
    return false;
  };
  const visible = (el: Element) => el.getClientRects().length > 0 && !el.closest('[hidden], [aria-hidden="true"]');
  const missing: string[] = [];
  const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} in ${el.parentElement?.tagName.toLowerCase()}.${el.parentElement?.className}`;
  for (const el of Array.from(document.querySelectorAll('input:not([type="hidden"]), select, textarea'))) {
    const labels = (el as HTMLInputElement).labels;
    if (!visible(el) && !(labels?.length)) continue;
    if (!named(el) && !Array.from(labels ?? []).some((l) => l.textContent?.trim())) missing.push(describe(el));
  }
  for (const el of Array.from(document.querySelectorAll('button, [role="button"], a[href]'))) {
    if (visible(el) && !named(el) && !el.textContent?.trim()) missing.push(describe(el));
  }
  for (const el of Array.from(document.querySelectorAll('img'))) {
    if (visible(el) && !el.hasAttribute('alt') && !named(el)) missing.push(describe(el));
  }
  for (const el of Array.from(document.querySelectorAll('[role="img"]'))) {
    const title = el.tagName.toLowerCase() === 'svg' && el.querySelector(':scope > title')?.textContent?.trim();
    if (visible(el) && !named(el) && !title) missing.push(describe(el));
  }
  return missing;
}

/** The interactive controls of a part of the page, in DOM order, that Tab should reach. */
export function tabbables(root: string): string[] {
  const box = document.querySelector(root);
  if (!box) return [];
  return Array.from(box.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex]'))
    .filter((el) => !(el as HTMLButtonElement).disabled && el.tabIndex >= 0 && el.getClientRects().length > 0 && !el.closest('[hidden]'))
    .map((el) => { el.dataset.a11yKey ??= String(Math.random()).slice(2); return el.dataset.a11yKey; });
}

/** The focus ring's part of the computed style: it must differ between focused and not. */
export function ringOf(el: Element | null): string {
  if (!el) return '';
  const s = getComputedStyle(el);
  return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${s.boxShadow}`;
}
