import { describe, expect, it } from 'vitest';
import { AGENDA_TEMPLATE_IDS, AGENDA_TEMPLATES, templateItems } from './agenda.js';

describe('agenda templates in a group’s language', () => {
  it('gives Spanish titles with the same times and policies, and English otherwise', () => {
    for (const id of AGENDA_TEMPLATE_IDS) {
      const en = templateItems(id, 'en');
      const es = templateItems(id, 'es');
      expect(en).toEqual(AGENDA_TEMPLATES[id].items);
      expect(es.map((i) => [i.plannedMinutes, i.policy])).toEqual(en.map((i) => [i.plannedMinutes, i.policy]));
      es.forEach((item, i) => {
        expect(item.title).not.toBe(en[i]!.title);
        if (en[i]!.note) expect(item.note).not.toBe(en[i]!.note);
      });
    }
    expect(templateItems('cbt-90', 'es')[0]!.title).toBe('Ronda de inicio');
  });
});
