/**
 * npm run shots: a screenshot gallery of every screen, for each role, at the sizes people use
 * (a therapist's 1366×768 and 1024×700 laptops, phones at 375×812 and 320×640).
 *
 * Starts Circle in this process (DATA_DIR ':memory:', the built client from client/dist: the npm
 * script builds it first), builds a realistic scene through the API and real browsers: an owner,
 * a therapist and a supervisor with staff accounts; a weekly group with members; a live session
 * with a therapist, three members in browsers (fake camera and microphone), four more members as
 * bots (no media), and a supervisor. Then it walks every screen and saves
 * `<out>/<nn>-<role>-<screen>-<width>x<height>.png` and an index.html that shows them side by side.
 *
 * A screen that fails to render is reported and the rest go on; the command exits 1 if any failed.
 * Usage: npm run shots [-- <out dir>]   (default ./shots; SHOTS_ONLY=<regexp> to take fewer screens)
 * SHOTS_LANG=es|en-XA opens every browser in that language (controls are found through the
 * catalogue); SHOTS_SIZES=1366x768,… takes fewer sizes; SHOTS_CHECK_TEXT=1 also lists, per screen,
 * visible text that did not come from the catalogue (meaningful in the pseudo-locale en-XA) into
 * <out>/texts.json — the "no string left behind" e2e runs the walk that way.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AGREEMENT_VERSION } from '@circle/shared';
import { Bot } from '@circle/testkit/bot';
import type { Circle } from '../../server/src/compose.js';
import { AGENDA_TEMPLATES, AGREEMENT_POINTS, AGREEMENT_POINTS_ES } from '@circle/shared';
import { createSession, launchChromium, startServer } from '../support/index.js';
import { ui, uiPattern, type TestLanguage } from '../support/lang.js';
import { untranslatedTexts, type Untranslated } from '../support/untranslated.js';

const ALL_SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 700 },
  { width: 375, height: 812 },
  { width: 320, height: 640 },
] as const;
const SIZES = process.env.SHOTS_SIZES
  ? ALL_SIZES.filter((s) => process.env.SHOTS_SIZES!.split(',').includes(`${s.width}x${s.height}`))
  : ALL_SIZES;
const LANG = (process.env.SHOTS_LANG ?? 'en') as TestLanguage;
const CHECK_TEXT = process.env.SHOTS_CHECK_TEXT === '1';
/** A control's English text as people see it in LANG. */
const L = (text: string) => ui(text, LANG);
const P = (re: RegExp) => uiPattern(re, LANG);
const STEP_TIMEOUT_MS = 20_000;
const PASSWORD = 'quiet-meadow-copper-77';

const out = path.resolve(process.argv[2] ?? process.env.SHOTS_DIR ?? 'shots');
const only = process.env.SHOTS_ONLY ? new RegExp(process.env.SHOTS_ONLY) : null;

interface Shot {
  id: string;
  role: string;
  screen: string;
  files: string[];
}
const shots: Shot[] = [];
const failures: { what: string; error: string }[] = [];
const texts: { screen: string; untranslated: Untranslated[] }[] = [];
/** What people typed or are called in the scene, and what Circle does not translate (its name). */
const PEOPLE = ['Alex', 'Blair', 'Casey', 'Dana', 'Eli', 'Fran', 'Gus', 'Dr. Okafor', 'Dr. Rivera', 'Morgan Lee'];
const ALLOW = [
  ...PEOPLE,
  ...PEOPLE.map((n) =>
    n
      .replace(/^Dr\. /, '')
      .split(' ')
      .map((w) => w[0])
      .join(''),
  ),
  'Thursday anxiety group',
  'Tuesday skills group',
  // The session's therapist link names its person "Therapist"; a bot checked in from "Home".
  'Therapist',
  'Home',
  'Records export',
  // The agreement's points: content the server gives in each language (the pseudo-locale reads English).
  ...AGREEMENT_POINTS,
  ...AGREEMENT_POINTS_ES,
  'Portland, OR',
  'Salem, OR',
  'Circle',
  // Agenda items are the room's content (a template fills them in the group's language; therapists edit them).
  ...Object.values(AGENDA_TEMPLATES).flatMap((t) =>
    t.items.flatMap((i) => [i.title, ...('note' in i ? [i.note] : [])]),
  ),
];
const allowed = (circle: Circle) => [...ALLOW, circle.url];
let circleForText: Circle | null = null;
let counter = 0;

const log = (line: string) => console.log(`[shots] ${line}`);
const short = (err: unknown) => (err instanceof Error ? err.message.split('\n')[0]! : String(err)).slice(0, 300);

/** Run one step of the scene; a failure is reported and the walk goes on. */
async function step(what: string, fn: () => Promise<void>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    failures.push({ what, error: short(err) });
    log(`FAILED ${what}: ${short(err)}`);
    return false;
  }
}

/** Two animation frames and a moment for resize observers: the layout after a viewport change. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 150)))),
  );
}

/**
 * The screen as `role` sees it now, at every size. `full`: the whole page (long staff pages);
 * otherwise what fits on the screen, as a person first sees it. `prepare` runs before each size.
 */
async function shoot(
  page: Page,
  role: string,
  screen: string,
  options: { full?: boolean; prepare?: () => Promise<void> } = {},
): Promise<void> {
  const id = `${String(++counter).padStart(2, '0')}-${role}-${screen}`;
  if (only && !only.test(id)) return;
  await step(`${role}: ${screen}`, async () => {
    const files: string[] = [];
    const before = page.viewportSize();
    try {
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await settle(page);
        await options.prepare?.();
        if (CHECK_TEXT && circleForText) {
          const found = await untranslatedTexts(page, allowed(circleForText));
          texts.push({ screen: `${id}-${size.width}x${size.height}`, untranslated: found });
        }
        const file = `${id}-${size.width}x${size.height}.png`;
        await page.screenshot({
          path: path.join(out, file),
          fullPage: options.full ?? false,
          animations: 'disabled',
          timeout: STEP_TIMEOUT_MS,
        });
        files.push(file);
      }
    } finally {
      if (before) await page.setViewportSize(before).catch(() => undefined);
    }
    shots.push({ id, role, screen, files });
    log(`${id} (${files.length})`);
  });
}

async function newPage(browser: Browser, name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.grantPermissions(['camera', 'microphone']);
  if (LANG !== 'en') await context.addInitScript((lang) => localStorage.setItem('circle.language', lang), LANG);
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on('pageerror', (err) => log(`[${name}] page error: ${short(err)}`));
  // Confirmations ("End the session for everyone?") are answered yes.
  page.on('dialog', (d) => void d.accept());
  return { context, page };
}

// ------------------------------------------------------------------ the clinic through the API

type Method = 'GET' | 'POST' | 'PATCH';
async function api(circle: Circle, method: Method, url: string, o: { json?: unknown; cookie?: string } = {}) {
  const headers: Record<string, string> = { origin: circle.url };
  if (o.cookie) headers.cookie = `circle_staff=${o.cookie}`;
  if (o.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${circle.url}${url}`, {
    method,
    headers,
    ...(o.json === undefined ? {} : { body: JSON.stringify(o.json) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 200)}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => /^circle_staff=([^;]*)/.exec(c)?.[1])
    .find((c) => c !== undefined);
  return { body: (text ? JSON.parse(text) : null) as Record<string, unknown>, cookie };
}

const fragment = (url: string) => new URL(url).hash.slice(1);
const local = (circle: Circle, url: string) => url.replace(/^https?:\/\/[^/]+/, circle.url);

interface Clinic {
  owner: { email: string };
  therapist: { email: string; cookie: string };
  supervisor: { email: string };
  groupId: string | null;
  memberPageUrl: string | null;
}

async function buildClinic(circle: Circle, browser: Browser): Promise<Clinic> {
  const link = await circle.staff.setupLink();
  if (!link) throw new Error('the clinic already has an owner');
  // The first screen of a new clinic, before the owner is created through the API.
  const setup = await newPage(browser, 'owner');
  await step('owner: setup page', async () => {
    await setup.page.goto(local(circle, link.url));
    await setup.page.getByRole('heading', { level: 1 }).waitFor();
    await shoot(setup.page, 'owner', 'setup');
  });
  await setup.context.close();

  const owner = await api(circle, 'POST', '/api/setup', {
    json: { token: fragment(link.url), name: 'Morgan Lee', email: 'owner@clinic.example', password: PASSWORD },
  });
  const addStaff = async (role: 'therapist' | 'supervisor', name: string, email: string) => {
    const added = await api(circle, 'POST', '/api/staff', { cookie: owner.cookie, json: { name, email, role } });
    const set = await api(circle, 'POST', '/api/auth/password', {
      json: { token: fragment(String(added.body.setPasswordUrl)), password: PASSWORD },
    });
    return { id: String(added.body.id), email, cookie: set.cookie ?? '' };
  };
  const therapist = await addStaff('therapist', 'Dr. Rivera', 'rivera@clinic.example');
  const supervisor = await addStaff('supervisor', 'Dr. Okafor', 'okafor@clinic.example');
  await api(circle, 'POST', '/api/tokens', {
    cookie: owner.cookie,
    json: { name: 'Records export', scopes: ['records:read'] },
  }).catch((err: unknown) => log(`no API token: ${short(err)}`));

  let groupId: string | null = null;
  let memberPageUrl: string | null = null;
  await step('a weekly group with members', async () => {
    const first = new Date(Date.now() + 2 * 86_400_000);
    const weekday = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][first.getUTCDay()];
    const made = await api(circle, 'POST', '/api/groups', {
      cookie: therapist.cookie,
      json: {
        title: 'Thursday anxiety group',
        kind: 'closed',
        sessionCount: 8,
        schedule: { weekdays: [weekday], time: '18:00', timeZone: 'UTC', startDate: first.toISOString().slice(0, 10) },
        durationMinutes: 90,
        maxMembers: 8,
        agendaTemplateId: 'cbt-90',
        supervisorId: supervisor.id,
        settings: { chatEnabled: true, speakingMode: 'facilitated', backgrounds: 'blur-only' },
      },
    });
    groupId = String(made.body.id);
    for (const name of ['Alex', 'Blair', 'Casey', 'Dana', 'Eli']) {
      const m = await api(circle, 'POST', `/api/groups/${groupId}/members`, {
        cookie: therapist.cookie,
        json: { displayName: name },
      });
      memberPageUrl ??= typeof m.body.url === 'string' ? local(circle, m.body.url) : null;
    }
  });
  return { owner: { email: 'owner@clinic.example' }, therapist, supervisor, groupId, memberPageUrl };
}

async function signIn(page: Page, circle: Circle, email: string): Promise<void> {
  await page.goto(`${circle.url}/signin`);
  await page.getByLabel(L('Email')).fill(email);
  await page.getByLabel(L('Password')).fill(PASSWORD);
  await page.getByRole('button', { name: L('Sign in') }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
  await page.getByRole('heading', { level: 1 }).waitFor();
}

async function staffScreens(circle: Circle, browser: Browser, clinic: Clinic): Promise<void> {
  const anon = await newPage(browser, 'anonymous');
  await step('sign-in page', async () => {
    await anon.page.goto(`${circle.url}/signin`);
    await anon.page.getByRole('heading', { level: 1 }).waitFor();
    await shoot(anon.page, 'staff', 'sign-in');
  });
  await step('welcome page', async () => {
    await anon.page.goto(`${circle.url}/`);
    await anon.page.getByRole('heading', { name: L('Welcome to Circle') }).waitFor();
    await shoot(anon.page, 'anyone', 'welcome');
  });
  if (clinic.memberPageUrl) {
    const url = clinic.memberPageUrl;
    await step('member page', async () => {
      await anon.page.goto(url);
      await anon.page.getByRole('heading', { level: 1 }).waitFor();
      await anon.page.getByText(L('Next session')).first().waitFor();
      await shoot(anon.page, 'member', 'group-page', { full: true });
    });
  }
  await anon.context.close();

  const owner = await newPage(browser, 'owner');
  await step('owner home', async () => {
    await signIn(owner.page, circle, clinic.owner.email);
    await shoot(owner.page, 'owner', 'home');
    await shoot(owner.page, 'owner', 'home-whole-page', { full: true });
    const at = (name: string) => async () => {
      await owner.page.getByRole('heading', { name }).first().scrollIntoViewIfNeeded();
    };
    await shoot(owner.page, 'owner', 'api-tokens', { prepare: at(L('API tokens')) });
    await shoot(owner.page, 'owner', 'audit-log', { prepare: at(L('Audit log')) });
  });
  await owner.context.close();

  const therapist = await newPage(browser, 'therapist-staff');
  await step('therapist home', async () => {
    await signIn(therapist.page, circle, clinic.therapist.email);
    await shoot(therapist.page, 'therapist', 'home', { full: true });
  });
  if (clinic.groupId) {
    const id = clinic.groupId;
    await step('therapist group page', async () => {
      await therapist.page.goto(`${circle.url}/groups/${id}`);
      await therapist.page
        .getByRole('heading', { name: L('Thursday anxiety group') })
        .first()
        .waitFor();
      await therapist.page.getByRole('heading', { name: L('Sessions') }).waitFor();
      await shoot(therapist.page, 'therapist', 'group', { full: true });
    });
  }
  await therapist.context.close();

  const supervisor = await newPage(browser, 'supervisor-staff');
  await step('supervisor home', async () => {
    await signIn(supervisor.page, circle, clinic.supervisor.email);
    await shoot(supervisor.page, 'supervisor', 'home', { full: true });
  });
  await supervisor.context.close();
}

// ------------------------------------------------------------------ a live session

async function roomScreens(circle: Circle, browser: Browser): Promise<void> {
  const members = ['Alex', 'Blair', 'Casey'];
  const bots = ['Dana', 'Eli', 'Fran', 'Gus'];
  const session = await createSession(circle, [
    ...members.map((name) => ({ name, role: 'member' as const })),
    ...bots.map((name) => ({ name, role: 'member' as const })),
    { name: 'Dr. Okafor', role: 'supervisor' },
  ]);
  const pages: Record<string, Page> = {};
  const open = async (name: string, url: string) => {
    const p = await newPage(browser, name);
    pages[name] = p.page;
    await p.page.goto(url);
    return p.page;
  };

  // The therapist enters first.
  const t = await open('therapist', session.therapistUrl);
  await step('therapist pre-join', async () => {
    await t.getByRole('button', { name: L('Join the session') }).waitFor();
    await shoot(t, 'therapist', 'pre-join');
    await t.getByRole('button', { name: L('Join the session') }).click();
    await t.getByRole('navigation', { name: L('Call controls') }).waitFor();
  });

  // Four members without media, checked in and waiting.
  const botsOnline: Bot[] = [];
  await step('members as bots in the waiting room', async () => {
    for (const name of bots) {
      const bot = await Bot.connect(circle.url, fragment(session.urls[name]!), { name });
      await bot.call('session:checkIn', {
        agreementVersion: AGREEMENT_VERSION,
        location: 'Home',
        privateSafePlace: true,
      });
      botsOnline.push(bot);
    }
  });

  // Alex walks through every screen before the room; Blair and Casey follow quickly.
  const a = await open('Alex', session.urls.Alex!);
  await step('member pre-join', async () => {
    await a.getByRole('heading', { name: P(/^Get ready/) }).waitFor();
    await shoot(a, 'member', 'pre-join');
  });
  await step('member agreement and check-in', async () => {
    await a.getByRole('button', { name: L('Continue') }).click();
    await a.getByRole('heading', { name: P(/^Before you join/) }).waitFor();
    await shoot(a, 'member', 'agreement-check-in');
    await shoot(a, 'member', 'agreement-check-in-whole-page', { full: true });
  });
  const checkIn = async (page: Page, where: string) => {
    await page.getByRole('checkbox', { name: P(/accept the group agreement/) }).check();
    await page.getByLabel(L('Where are you right now? (city and state)')).fill(where);
    await page.getByRole('checkbox', { name: P(/private, safe place/) }).check();
    await page.getByRole('button', { name: L('Join the waiting room') }).click();
    await page.getByText(P(/^You are in the waiting room/)).waitFor();
  };
  await step('member waiting room', async () => {
    await checkIn(a, 'Portland, OR');
    await shoot(a, 'member', 'waiting-room');
  });
  for (const name of ['Blair', 'Casey']) {
    await step(`${name} joins the waiting room`, async () => {
      const p = await open(name, session.urls[name]!);
      await p.getByRole('button', { name: L('Continue') }).click();
      await checkIn(p, 'Salem, OR');
    });
  }
  await shoot(t, 'therapist', 'room-with-waiting-room');

  await step('therapist admits everyone', async () => {
    await t.getByRole('button', { name: L('Admit all') }).click();
    await a.getByRole('navigation', { name: L('Call controls') }).waitFor();
  });

  const s = await open('supervisor', session.urls['Dr. Okafor']!);
  await step('supervisor pre-join and room', async () => {
    await s.getByRole('button', { name: L('Join the session') }).waitFor();
    await shoot(s, 'supervisor', 'pre-join');
    await s.getByRole('button', { name: L('Join the session') }).click();
    await s.getByRole('navigation', { name: L('Call controls') }).waitFor();
  });

  // Give the video a moment to arrive, then the room as each role sees it, with a reaction on a tile.
  await t
    .waitForFunction(() => document.querySelectorAll('li.tile video').length >= 3, undefined, { timeout: 30_000 })
    .catch(() => log('fewer videos than expected in the therapist’s room'));
  const dana = botsOnline[0];
  const react = async () => {
    await dana?.request('reaction:send', { kind: 'heart' });
  };
  await shoot(a, 'member', 'room', { prepare: react });
  await step('member reaction menu', async () => {
    await shoot(a, 'member', 'room-reaction-menu', {
      // Opened anew at each size, so it places itself on that screen.
      prepare: async () => {
        if ((await a.getByRole('group', { name: L('Send a reaction') }).count()) > 0) await a.keyboard.press('Escape');
        await a.getByRole('button', { name: L('React') }).click();
        await a.getByRole('group', { name: L('Send a reaction') }).waitFor();
      },
    });
    await a.keyboard.press('Escape');
  });
  await shoot(t, 'therapist', 'room', { prepare: react });
  await shoot(t, 'therapist', 'room-whole-page', { full: true });
  await shoot(s, 'supervisor', 'room');
  await shoot(s, 'supervisor', 'room-whole-page', { full: true });

  // The More menu and a tile's menu, opened anew at each size (the longest labels must fit on a phone).
  const openMenu = (page: Page, button: () => ReturnType<Page['getByRole']>) => async () => {
    if ((await page.getByRole('menu').count()) > 0) await page.keyboard.press('Escape');
    await button().click();
    await page.getByRole('menu').waitFor();
  };
  const moreButton = (page: Page) => () =>
    page.getByRole('navigation', { name: L('Call controls') }).getByRole('button', { name: L('More') });
  await shoot(a, 'member', 'room-more-menu', { prepare: openMenu(a, moreButton(a)) });
  await a.keyboard.press('Escape');
  await shoot(t, 'therapist', 'room-more-menu', { prepare: openMenu(t, moreButton(t)) });
  await t.keyboard.press('Escape');
  const actionsFor = ui('Actions for {{name}}', LANG, { name: 'Alex' });
  await shoot(t, 'therapist', 'room-tile-menu', {
    prepare: openMenu(t, () => t.getByRole('button', { name: actionsFor })),
  });
  await t.keyboard.press('Escape');
  await step('therapist agenda tab', async () => {
    await t.getByRole('tab', { name: new RegExp(`^${L('Agenda')}`) }).click();
    await shoot(t, 'therapist', 'room-agenda-tab');
    await t.getByRole('tab', { name: new RegExp(`^${L('People')}`) }).click();
  });

  // Crisis: Casey opens the panel and tells the therapist privately.
  const c = pages.Casey;
  if (c) {
    await step('member crisis panel', async () => {
      await c.getByRole('button', { name: L('Crisis support') }).click();
      await c.getByRole('button', { name: L('Let my therapist know privately') }).waitFor();
      await shoot(c, 'member', 'crisis-panel');
      await c.getByRole('button', { name: L('Let my therapist know privately') }).click();
      await t.getByRole('alertdialog').or(t.getByRole('alert')).first().waitFor();
    });
    await shoot(c, 'member', 'crisis-alert-sent');
    await shoot(t, 'therapist', 'room-crisis-alert');
    await shoot(s, 'supervisor', 'room-crisis-alert');
  }

  // The end of the session.
  await step('therapist ends the session', async () => {
    await t.getByRole('button', { name: L('End the session for everyone') }).click();
    await a.getByRole('heading', { name: L('Session closed') }).waitFor();
  });
  await shoot(a, 'member', 'ended');
  await shoot(t, 'therapist', 'ended');
  for (const bot of botsOnline) bot.close();
}

// ------------------------------------------------------------------ the gallery

function writeIndex(): string {
  const file = path.join(out, 'index.html');
  const rows = shots
    .map(
      (s) =>
        `<section><h2>${s.role}: ${s.screen}</h2><div>${s.files
          .map(
            (f) =>
              `<figure><a href="${f}"><img src="${f}" alt="${s.role} ${s.screen} ${f}" loading="lazy"></a><figcaption>${f.replace(/^.*-(\d+x\d+)\.png$/, '$1')}</figcaption></figure>`,
          )
          .join('')}</div></section>`,
    )
    .join('\n');
  const failed = failures.map((f) => `<li>${f.what}: ${f.error.replace(/</g, '&lt;')}</li>`).join('');
  fs.writeFileSync(
    file,
    `<!doctype html><meta charset="utf-8"><title>Circle screens</title>
<style>body{font:14px system-ui;margin:1rem}section div{display:flex;gap:1rem;align-items:flex-start;overflow-x:auto}
figure{margin:0}img{max-height:420px;border:1px solid #ccc}h2{font-size:1rem;margin:1.5rem 0 .5rem}</style>
<h1>Circle: every screen (${new Date().toISOString()})</h1>${failed ? `<h2>Failed</h2><ul>${failed}</ul>` : ''}
${rows}`,
  );
  return file;
}

async function main(): Promise<void> {
  fs.mkdirSync(out, { recursive: true });
  // A full run starts from an empty gallery; SHOTS_ONLY replaces just the screens it takes.
  if (!only) for (const f of fs.readdirSync(out)) if (f.endsWith('.png')) fs.rmSync(path.join(out, f));
  if (!fs.existsSync(path.resolve('client/dist/index.html'))) {
    throw new Error('client/dist is missing: run `npm run build -w client` first (npm run shots does)');
  }
  const circle = await startServer({ DEMO_SESSION: 'false', STAFF_IDLE_MINUTES: '600' });
  circleForText = circle;
  const browser = await launchChromium();
  const started = Date.now();
  try {
    let clinic: Clinic | null = null;
    await step('the clinic', async () => {
      clinic = await buildClinic(circle, browser);
    });
    if (clinic) await staffScreens(circle, browser, clinic);
    await step('the room', () => roomScreens(circle, browser));
  } finally {
    await browser.close().catch(() => undefined);
    await circle.close().catch(() => undefined);
  }
  const index = writeIndex();
  const pictures = shots.reduce((n, s) => n + s.files.length, 0);
  log(`${shots.length} screens, ${pictures} pictures in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (failures.length > 0) {
    log(`${failures.length} failed:`);
    for (const f of failures) log(`  ${f.what}: ${f.error}`);
  }
  log(`gallery: ${index}`);
  fs.writeFileSync(
    path.join(out, 'texts.json'),
    JSON.stringify({ language: LANG, screens: shots.map((x) => x.id), failures, texts }, null, 2),
  );
  if (CHECK_TEXT) {
    const left = texts.filter((t) => t.untranslated.length > 0);
    log(`text outside the catalogue on ${left.length} of ${texts.length} screens${left.length ? ':' : ''}`);
    for (const t of left) for (const u of t.untranslated) log(`  ${t.screen}: "${u.text}" (${u.where})`);
  }
  process.exitCode = failures.length > 0 ? 1 : 0;
}

await main();
