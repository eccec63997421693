/**
 * Just enough MIME and iCalendar reading for the reminder tests to look inside what a real SMTP
 * server received: headers, nested multipart bodies, base64 and quoted-printable, and the
 * line structure of an .ics file.
 */

export interface MimePart {
  headers: Map<string, string>;
  /** The decoded body of a leaf part. */
  body: string;
  parts: MimePart[];
}

function splitHead(raw: string): [string, string] {
  const at = raw.search(/\r?\n\r?\n/);
  if (at < 0) return [raw, ''];
  const sep = /\r?\n\r?\n/.exec(raw.slice(at))![0];
  return [raw.slice(0, at), raw.slice(at + sep.length)];
}

function headersOf(head: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) out.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return out;
}

function decode(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return Buffer.from(
        body
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
        'latin1',
      ).toString('utf8');
    default:
      return body;
  }
}

/** A message (or part) from its raw text. */
export function parseMime(raw: string): MimePart {
  const [head, body] = splitHead(raw);
  const headers = headersOf(head);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!type.toLowerCase().startsWith('multipart/') || !boundary) {
    return { headers, body: decode(body, headers.get('content-transfer-encoding')), parts: [] };
  }
  const chunks = body.split(`--${boundary}`);
  const parts = chunks
    .slice(1)
    .filter((c) => !c.startsWith('--'))
    .map((c) => parseMime(c.replace(/^\r?\n/, '').replace(/\r?\n$/, '')));
  return { headers, body: '', parts };
}

/** Every leaf part, depth first. */
export function leaves(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leaves);
}

export interface CalendarComponent {
  name: string;
  /** Property name → value (the last one wins; parameters dropped). */
  props: Map<string, string>;
  children: CalendarComponent[];
}

/** Parses iCalendar text (RFC 5545 lines), throwing on unbalanced BEGIN/END or a line without a value. */
export function parseCalendar(text: string): CalendarComponent {
  const lines = text
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  const stack: CalendarComponent[] = [];
  let root: CalendarComponent | undefined;
  for (const line of lines) {
    const m = /^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$/.exec(line);
    if (!m) throw new Error(`not an iCalendar line: ${line}`);
    const name = m[1]!;
    const value = m[3]!;
    if (name === 'BEGIN') {
      const c: CalendarComponent = { name: value, props: new Map(), children: [] };
      stack.at(-1)?.children.push(c);
      stack.push(c);
    } else if (name === 'END') {
      const c = stack.pop();
      if (c?.name !== value) throw new Error(`END:${value} does not close ${c?.name}`);
      if (stack.length === 0) root = c;
    } else {
      const top = stack.at(-1);
      if (!top) throw new Error(`a property outside any component: ${line}`);
      top.props.set(name.toUpperCase(), value);
    }
  }
  if (!root || stack.length > 0) throw new Error('not one complete calendar');
  return root;
}
