/**
 * The layers hold by lint: the room's rules (server/src/domain) import only the shared contract and
 * each other; the client's screens (client/src/features, client/src/ui) call actions and never reach
 * into net/ (the socket, mediasoup-client, the HTTP calls). This runs the project's own ESLint
 * configuration on would-be files in those places.
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

  it.each([
    [
      'client/src/features/staff/probe.tsx',
      "import { roomClient } from '../../net/RoomClient';",
      '../../net/RoomClient',
    ],
    ['client/src/features/agenda/probe.ts', "import type { Api } from '../../net/api';", '../../net/api'],
    ['client/src/ui/probe.tsx', "import { roomClient } from '../net/RoomClient';", '../net/RoomClient'],
    ['client/src/features/room/probe.tsx', "import { io } from 'socket.io-client';", 'socket.io-client'],
    ['client/src/features/room/probe.tsx', "import { Device } from 'mediasoup-client';", 'mediasoup-client'],
  ])(
    '%s may not import %s',
    async (file, line, what) => {
      const problems = await problemsIn(file, `${line}\nexport const x = 1;\n`);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(what);
    },
    30_000,
  );

  it('a screen may import actions, stores, the shared contract and other features', async () => {
    const code = [
      "import { admit } from '../../actions';",
      "import { useRoomStore } from '../../stores/useRoomStore';",
      "import { LIMITS } from '@circle/shared';",
      "import { AudioOnlyBanner } from '../network/AudioOnlyBanner';",
      "import { Tile } from './Tile';",
      'export const x = [admit, useRoomStore, LIMITS, AudioOnlyBanner, Tile];',
      '',
    ].join('\n');
    expect(await problemsIn('client/src/features/room/probe.tsx', code)).toEqual([]);
  }, 30_000);

  it('the actions may use net/: they are the way to it', async () => {
    const code = "import { roomClient } from '../net/RoomClient';\nexport const x = roomClient;\n";
    expect(await problemsIn('client/src/actions/probe.ts', code)).toEqual([]);
  }, 30_000);
});
