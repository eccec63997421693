import { createReadStream, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const require = createRequire(import.meta.url);

/** Files from npm packages served from Circle's own origin under /vendor/… (no CDN, nothing fetched elsewhere). */
const VENDORED: { pkg: string; under: string; keep: (file: string) => boolean }[] = [
  {
    // MediaPipe selfie segmentation: its script, graph (.binarypb), models (.tflite), WebAssembly and loaders.
    pkg: '@mediapipe/selfie_segmentation',
    under: 'vendor/mediapipe/selfie_segmentation',
    keep: (f) => /\.(js|wasm|data|tflite|binarypb)$/.test(f),
  },
];

function vendorFiles(): { fileName: string; source: string }[] {
  return VENDORED.flatMap(({ pkg, under, keep }) => {
    const dir = path.dirname(require.resolve(`${pkg}/package.json`));
    return readdirSync(dir)
      .filter((f) => keep(f) && statSync(path.join(dir, f)).isFile())
      .map((f) => ({ fileName: `${under}/${f}`, source: path.join(dir, f) }));
  });
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** Copies the vendored files into the build (dist/vendor/…), and serves them in `vite dev`. */
function vendorAssets(): Plugin {
  return {
    name: 'circle-vendor-assets',
    generateBundle() {
      for (const { fileName, source } of vendorFiles()) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(source) });
      }
    },
    configureServer(server) {
      const files = new Map(vendorFiles().map((f) => [`/${f.fileName}`, f.source]));
      server.middlewares.use((req, res, next) => {
        const file = files.get((req.url ?? '').split('?')[0] ?? '');
        if (!file) return next();
        res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
        createReadStream(file).pipe(res);
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), vendorAssets()],
  // The noise-suppression AudioWorklet is built as an ES module (worklets load modules).
  worker: { format: 'es' },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 1024 },
  server: {
    proxy: {
      '/socket.io': { target: 'http://localhost:3000', ws: true },
      '/api': 'http://localhost:3000',
    },
  },
});
