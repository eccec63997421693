/**
 * Finding controls by role and name in any language: the tests and the screenshot walk name a
 * control by its English text, and `ui()` gives the same catalogue entry in the language the
 * browsers were opened in (Spanish, or the pseudo-locale). A text not in the catalogue is
 * returned as it is.
 */
import { en, pseudo, PSEUDO } from '@circle/shared/i18n';
import { es } from '@circle/shared/i18n/es';

export type TestLanguage = 'en' | 'es' | typeof PSEUDO;

type Tree = { readonly [key: string]: string | Tree };
const flat = (tree: Tree, prefix = ''): [string, string][] =>
  Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [[prefix + k, v] as [string, string]] : flat(v, `${prefix}${k}.`),
  );

const english = flat(en as unknown as Tree);
const spanish = new Map(flat(es as unknown as Tree));

function translate(key: string, value: string, lang: TestLanguage): string {
  if (lang === PSEUDO) return pseudo(value);
  if (lang === 'es') return spanish.get(key) ?? value;
  return value;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A catalogue text as a pattern: placeholders match anything, tags are not visible text. */
const asPattern = (text: string) =>
  escape(text.replace(/<\/?\w+>/g, ''))
    .replace(/\\\{\\\{[^}]*\\\}\\\}/g, '.*')
    // The pseudo-locale pads after interpolation: its length follows the name put in.
    .replace(/·+/g, '·*');

const fill = (text: string, vars: Record<string, string>) =>
  text.replace(/\{\{\s*(\w+)[^}]*\}\}/g, (all, name: string) => vars[name] ?? all);

/**
 * The English text of a control, as people see it in `lang`; `vars` fill its placeholders (the
 * pseudo-locale marks the text after they are filled, as i18next's post-processor does).
 */
export function ui(text: string, lang: TestLanguage, vars: Record<string, string> = {}): string {
  if (lang === 'en') return fill(text, vars);
  const hit = english.find(([, v]) => v === text);
  if (!hit) return fill(text, vars);
  if (lang === PSEUDO) return pseudo(fill(hit[1], vars));
  return fill(translate(hit[0], hit[1], lang), vars);
}

/** A pattern over English texts, turned into one over every matching catalogue text in `lang`. */
export function uiPattern(re: RegExp, lang: TestLanguage): RegExp {
  if (lang === 'en') return re;
  const hits = english.filter(([, v]) => re.test(v.replace(/\{\{[^}]*\}\}/g, '')) || re.test(v));
  if (hits.length === 0) return re;
  return new RegExp(hits.map(([k, v]) => asPattern(translate(k, v, lang))).join('|'), re.flags.replace('g', ''));
}
