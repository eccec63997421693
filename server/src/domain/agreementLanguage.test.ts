/**
 * The group agreement per language (#24): which text a member reading a language accepts, the
 * version that acceptance must name, and the language recorded with it.
 */
import { describe, expect, test } from 'vitest';
import { AGREEMENT_POINTS_ES, AGREEMENT_VERSION, STANDARD_AGREEMENTS } from '@circle/shared';
import { agreementOf } from './roomState.js';
import { T0, SECOND, accept, checkInFor, person, refusal, roomWith } from '../../test/support/roomFixture.js';
import { viewFor } from './views.js';

const es = { version: 'group-es-v3', points: ['Sea amable.', 'Sea puntual.'] };
const en = { version: 'group-en-v1', points: ['Be kind.'] };

describe('which agreement a member accepts', () => {
  test('no text of its own: Circle’s standard agreement in the member’s language', () => {
    expect(agreementOf({}, 'es')).toEqual({ ...STANDARD_AGREEMENTS.es, language: 'es' });
    expect(agreementOf({}, 'es').points).toBe(AGREEMENT_POINTS_ES);
    expect(agreementOf({})).toEqual({ ...STANDARD_AGREEMENTS.en, language: 'en' });
    // A Spanish group's room gives the standard Spanish text to a member who names no language.
    expect(agreementOf({ language: 'es' }).version).toBe(`es-${AGREEMENT_VERSION}`);
  });

  test('the group’s text in the member’s language; without one, the group’s text in its own language', () => {
    const room = { language: 'es' as const, agreements: { es } };
    expect(agreementOf(room, 'es')).toEqual({ ...es, language: 'es' });
    expect(agreementOf(room, 'en')).toEqual({ ...es, language: 'es' });
    expect(agreementOf({ ...room, agreements: { es, en } }, 'en')).toEqual({ ...en, language: 'en' });
  });

  test('a room stored before languages keeps its (English) group agreement', () => {
    const old = { agreement: { version: 'group-v2', points: ['Be kind.'] } };
    expect(agreementOf(old, 'es')).toEqual({ ...old.agreement, language: 'en' });
  });
});

describe('checking in with a language', () => {
  const spanishRoom = () => ({ ...roomWith({ arriving: ['ana'] }), language: 'es' as const, agreements: { es, en } });

  test('the version of the language read is accepted, and the language is recorded', () => {
    const d = accept(
      spanishRoom(),
      {
        type: 'checkIn',
        actor: 'ana',
        checkIn: { ...checkInFor('ana'), agreementVersion: es.version, language: 'es' },
      },
      T0 + SECOND,
    );
    expect(person(d.state, 'ana').checkIn).toMatchObject({ agreementVersion: es.version, language: 'es' });
  });

  test('another language’s version is not the agreement of the language read', () => {
    const code = refusal(spanishRoom(), {
      type: 'checkIn',
      actor: 'ana',
      checkIn: { ...checkInFor('ana'), agreementVersion: en.version, language: 'es' },
    });
    expect(code).toBe('AGREEMENT_REQUIRED');
  });

  test('an arriving member’s view carries the room’s language and every language’s agreement', () => {
    const view = viewFor(spanishRoom(), 'ana', T0);
    expect(view?.language).toBe('es');
    expect(view?.agreement).toEqual({ ...es, language: 'es' });
    expect(view?.agreements).toEqual({ es: { ...es, language: 'es' }, en: { ...en, language: 'en' } });
  });
});
