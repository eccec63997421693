/**
 * Each package's production code imports only what its package.json declares as a dependency: the
 * image installs the server's and shared's `dependencies` alone (`npm ci --omit=dev`), so a module
 * that is merely hoisted into the workspace's node_modules (as socket.io-client once was for the
 * server's test bot) would be missing there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/dockerfile.js';

/** `.ts` files under `dir`, unit tests (`*.test.ts`) left out. */
function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f));
}

/** Package names of the bare specifiers a file imports (`pkg`, `@scope/pkg`, subpaths stripped). */
function importedPackages(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'([^'.][^']*)'/gm)) {
    const spec = m[1]!;
    if (spec.startsWith('node:')) continue;
    const parts = spec.split('/');
    out.push(spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
  }
  return out;
}

describe.each(['server', 'shared', 'testkit'])('%s/src', (workspace) => {
  it('imports only packages its package.json lists under dependencies', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, workspace, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const declared = new Set(Object.keys(manifest.dependencies ?? {}));
    const files = sources(path.join(REPO_ROOT, workspace, 'src'));
    expect(files.length).toBeGreaterThan(0);
    const undeclared = files.flatMap((file) =>
      importedPackages(file)
        .filter((pkg) => !declared.has(pkg))
        .map((pkg) => `${path.relative(REPO_ROOT, file)} imports ${pkg}`),
    );
    expect(undeclared).toEqual([]);
  });
});
