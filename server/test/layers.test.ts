/**
 * The layers hold by lint: the room's rules (server/src/domain) import only the shared contract and
 * each other. This runs the project's own ESLint configuration on a would-be domain file.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

async function problemsIn(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layers', () => {
  it.each([
    ["import { Server } from 'socket.io';", 'socket.io'],
    ["import type { RoomActor } from '../app/RoomActor.js';", '../app/RoomActor.js'],
    ["import { MediaRoom } from '../adapters/media/MediaRoom.js';", '../adapters/media/MediaRoom.js'],
    ["import fs from 'node:fs';", 'node:fs'],
  ])(
    'a domain module may not import %s',
    async (line, what) => {
      const problems = await problemsIn('server/src/domain/probe.ts', `${line}\nexport const x = 1;\n`);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(what);
    },
    30_000,
  );

  it('a domain module may import the shared contract and other domain modules', async () => {
    const code =
      "import { ErrorCode } from '@circle/shared';\nimport { decide } from './room.js';\nexport const x = [ErrorCode, decide];\n";
    expect(await problemsIn('server/src/domain/probe.ts', code)).toEqual([]);
  }, 30_000);
});
