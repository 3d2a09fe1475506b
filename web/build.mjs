// Bundles the console for the jar: src/js/main.js (with MQTT.js) into console.js, src/css into
// console.css, and copies index.html and the icon; node build.mjs OUTDIR (default dist/).
// Runs at build time only: the server serves the output as classpath resources and needs no Node.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

const outdir = process.argv[2] || 'dist';
await mkdir(outdir, { recursive: true });
await build({
  entryPoints: { console: 'src/js/main.js' },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  outdir,
  logLevel: 'warning',
  legalComments: 'linked',
});
await build({
  entryPoints: { console: 'src/css/console.css' },
  bundle: true,
  minify: true,
  outdir,
  logLevel: 'warning',
});
for (const file of ['index.html', 'icon.svg']) {
  await copyFile(join('src', file), join(outdir, file));
}
