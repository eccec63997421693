import i18next from 'i18next';

/** "Ana", "Ana and Ben", "Ana, Ben and Cleo": in the person's language (the catalogue joins the last two). */
export function nameList(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return i18next.t('room:andList', { rest: names.slice(0, -1).join(', '), last: names[names.length - 1]! });
}
