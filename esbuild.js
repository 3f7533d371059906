// Builds the extension, the CLI and the preview's webview from one base configuration.
// `--production` minifies and drops source maps (for packaging); `--watch` rebuilds on change.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints the lines VS Code's esbuild problem matcher looks for. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * One namespace object for each module our sources import from VS Code or Node (`vscode`, `node:*`).
 * esbuild turns every file's `import * as vscode from 'vscode'` into a fresh copy of the module's
 * properties, and dozens of files import an API of hundreds of names: the copies were a measurable
 * part of activation (docs/benchmarks.md). Here a one-line module re-exports each of them, so it
 * is required and copied once and every file shares that copy. Only `import` statements in src/
 * go through it: it has no default export, which `require` and some packages' imports expect.
 */
const externalsOnce = {
  name: 'externals-once',
  setup(build) {
    const namespace = 'externals-once';
    const sources = path.join(__dirname, 'src') + path.sep;
    build.onResolve({ filter: /^(vscode|node:[\w/]+)$/ }, (args) => {
      if (args.namespace === namespace) return { path: args.path, external: true };
      const ours = args.kind === 'import-statement' && args.importer.startsWith(sources);
      return ours ? { path: args.path, namespace } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace }, (args) => ({ contents: `export * from ${JSON.stringify(args.path)};`, loader: 'js' }));
  },
};

const base = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'silent',
  plugins: [problemMatcher, externalsOnce],
};

/**
 * Makes the CLI executable after every build. npm marks a bin executable only when it links the
 * package, which `npm ci` does before `dist/` exists, so without this `npx media-translate` can
 * meet a file it may not run ("Permission denied").
 */
const executable = {
  name: 'executable',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length === 0) fs.chmodSync(build.initialOptions.outfile, 0o755);
    });
  },
};

const targets = [
  { ...base, entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The engine's own thread (src/vscode/run/engine.ts starts it), so the extension host never waits for it.
  { ...base, entryPoints: ['src/vscode/run/engineWorker.ts'], outfile: 'dist/engineWorker.js' },
  {
    ...base,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [...base.plugins, executable],
  },
  // The Preview Translation player runs in a webview: a browser bundle with its stylesheet beside it.
  {
    ...base,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    entryPoints: { preview: 'src/webview/preview.ts' },
    outdir: 'dist/webview',
  },
];

async function main() {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
