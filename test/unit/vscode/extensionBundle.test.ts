import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';

// The tests run from out/test/unit/vscode; the sources are read from the repository.
const root = path.resolve(__dirname, '../../../..');

/**
 * What the extension host must not load at activation: the engine and the libraries only it uses
 * run on the engine's worker thread (dist/engineWorker.js). One static import of them from
 * src/vscode would put them back into dist/extension.js, which the host reads and compiles at every
 * activation, and nothing else would notice.
 */
const engineOnly = [
  'src/core/translate.ts',
  'src/core/run/retranslate.ts',
  'src/core/api/client.ts',
  'node_modules/openai/',
  'node_modules/wavefile/',
];

describe('the extension bundle', () => {
  it('holds none of the engine, which runs on its worker thread', async () => {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: ['src/vscode/extension.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['vscode'],
      write: false,
      metafile: true,
      outfile: 'extension.js',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.includes('src/vscode/extension.ts'), 'the bundle was built from the extension');
    const found = inputs.filter((f) => engineOnly.some((e) => f.includes(e)));
    assert.deepEqual(found, [], 'imported by the extension host');
  });

  it('leaves the engine in the worker bundle', async () => {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: ['src/vscode/run/engineWorker.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      metafile: true,
      outfile: 'engineWorker.js',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    for (const e of ['src/core/translate.ts', 'src/core/run/retranslate.ts']) assert.ok(inputs.includes(e), `${e} is in the worker`);
  });
});
