/**
 * "No string left behind": in the pseudo-locale every text that came through the catalogue is
 * bracketed ⟦…⟧. This walks a page's visible text (and the names, labels and hints on its
 * elements) and returns what is outside any brackets and is not on the allow list (people's
 * names and other content people typed, numbers, dates Intl formatted).
 */
import type { Page } from 'playwright-core';
import { PSEUDO_CLOSE, PSEUDO_OPEN } from '@circle/shared/i18n';

export interface Untranslated {
  text: string;
  where: string;
}

export async function untranslatedTexts(page: Page, allow: readonly string[]): Promise<Untranslated[]> {
  // tsx (esbuild, keepNames) wraps the named helpers below in `__name(…)`, which the page lacks.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(
    ({ open, close, allow }) => {
      // What Intl writes for dates and times in English (the pseudo-locale formats as English).
      const intlWords =
        /\b(AM|PM|a\.m\.|p\.m\.|UTC|GMT|[A-Z]{2,4}T|Mon(day)?|Tue(sday)?|Wed(nesday)?|Thu(rsday)?|Fri(day)?|Sat(urday)?|Sun(day)?|Jan(uary)?|Feb(ruary)?|Mar(ch)?|Apr(il)?|May|June?|July?|Aug(ust)?|Sep(tember)?|Oct(ober)?|Nov(ember)?|Dec(ember)?)\b/g;
      const allowed = [...allow].sort((a, b) => b.length - a.length);
      const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      // Allowed texts as whole words (an initial "D" must not eat the "D" of "Dec").
      const allowedWords = allowed.map((a) => new RegExp(`(?<![\\p{L}\\d])${escape(a)}(?![\\p{L}\\d])`, 'gu'));
      // Ids, scopes and audit actions ("staff:add", "sessions:read", "completed/connected") and
      // figures with their units are not sentences.
      const codeLike = (w: string) =>
        /^[\w-]*[:/_\d][\w:/.-]*$/.test(w) ||
        /^[\w.+-]+@[\w.-]+$/.test(w) ||
        (/^[A-Za-z0-9_-]{10,}$/.test(w) && /[a-z][A-Z]|[A-Z]{2}[a-z]/.test(w));
      const leftover = (text: string) => {
        let rest = text;
        for (const a of allowedWords) rest = rest.replace(a, ' ');
        // A figure stands alone: inside an id ("XEx39ms6kf97") "39ms" is no figure, and cutting it out
        // left "XEx" to read as an untranslated word.
        rest = rest
          .replace(intlWords, ' ')
          .replace(/(?<![\p{L}\d])\d[\d.,]*\s?(?:ms|kbps|Mbps|fps|px|%)(?![\p{L}\d])/gu, ' ');
        rest = rest
          .split(/\s+/)
          .filter((w) => !codeLike(w.replace(/^[([]|[)\],.;]$/g, '')))
          .join(' ');
        return /\p{L}/u.test(rest) ? text.trim() : '';
      };
      const visible = (el: Element | null): boolean =>
        !!el &&
        (el as HTMLElement).checkVisibility?.({ checkOpacity: false, checkVisibilityCSS: true }) !== false &&
        !el.closest('[aria-hidden="true"], script, style, noscript, template');
      const where = (el: Element | null) => {
        const parts: string[] = [];
        for (let e = el; e && parts.length < 3 && e !== document.body; e = e.parentElement) {
          parts.unshift(
            e.tagName.toLowerCase() +
              (e.id ? `#${e.id}` : '') +
              (e.className && typeof e.className === 'string' ? `.${e.className.split(' ')[0]}` : ''),
          );
        }
        return parts.join(' > ');
      };
      const found: { text: string; where: string }[] = [];
      // Text: depth counts the brackets across text nodes (a link inside a sentence is its own node).
      let depth = 0;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.nodeValue ?? '';
        let outside = '';
        for (const ch of text) {
          if (ch === open) depth += 1;
          else if (ch === close) depth = Math.max(0, depth - 1);
          else if (depth === 0) outside += ch;
        }
        const parent = node.parentElement;
        const left = leftover(outside);
        if (left && visible(parent)) found.push({ text: left, where: where(parent) });
      }
      // Names, labels and hints that are not text on the page.
      for (const el of Array.from(
        document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-roledescription]'),
      )) {
        if (!visible(el)) continue;
        for (const attr of ['aria-label', 'title', 'placeholder', 'alt', 'aria-roledescription']) {
          const value = el.getAttribute(attr);
          if (!value || value.includes(open)) continue;
          const left = leftover(value);
          if (left) found.push({ text: `${attr}="${left}"`, where: where(el) });
        }
      }
      if (!document.title.includes(open) && leftover(document.title))
        found.push({ text: `title: ${document.title}`, where: 'document' });
      return found;
    },
    { open: PSEUDO_OPEN, close: PSEUDO_CLOSE, allow },
  );
}
