// `npm run build`: the designer and viewer bundles (JS, CSS and the modelers' fonts) into service/static/build/.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outdir = `${root}service/static/build`;

rmSync(outdir, { recursive: true, force: true }); // fonts carry a hash in their names: drop the old ones

await esbuild.build({
  absWorkingDir: root,
  entryPoints: { designer: 'frontend/designer/designer.js', viewer: 'frontend/designer/viewer.js' },
  outdir,
  bundle: true,
  format: 'iife',
  target: ['es2020'],
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
  assetNames: 'assets/[name]-[hash]',
  logLevel: 'warning',
});
