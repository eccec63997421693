/**
 * No string left behind (#24): the screenshot walk (every screen, each role: sign-in, clinic home,
 * group page, member page, pre-join, agreement and check-in, waiting room, the room for a member,
 * the therapist and the supervisor, reactions, the crisis panel and alert, the end) runs with every
 * browser in the pseudo-locale, at a laptop and a phone size, and lists any visible text, accessible
 * name, label or hint that did not come through the catalogue.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Report {
  language: string;
  screens: string[];
  failures: { what: string; error: string }[];
  texts: { screen: string; untranslated: { text: string; where: string }[] }[];
}

describe('the pseudo-locale', () => {
  it('every screen shows only text from the catalogue', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'circle-pseudo-'));
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'e2e/shots/shots.ts'), out], {
        cwd: root,
        env: { ...process.env, SHOTS_LANG: 'en-XA', SHOTS_SIZES: '1366x768,375x812', SHOTS_CHECK_TEXT: '1' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('exit', resolve);
    });
    const report = JSON.parse(fs.readFileSync(path.join(out, 'texts.json'), 'utf8')) as Report;
    fs.rmSync(out, { recursive: true, force: true });

    // Every screen was reached (the walk found its controls through the catalogue)…
    expect(report.failures).toEqual([]);
    expect(code).toBe(0);
    expect(report.screens.length).toBeGreaterThanOrEqual(25);
    // …and on none of them is there text that skipped the catalogue.
    const left = report.texts.flatMap((t) => t.untranslated.map((u) => `${t.screen}: "${u.text}" (${u.where})`));
    expect(left).toEqual([]);
  }, 300_000);
});
