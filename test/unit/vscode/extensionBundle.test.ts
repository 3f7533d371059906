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

/** The source files esbuild puts into a bundle of `entry`, as the build bundles it for Node. */
async function bundledInputs(entry: string, external: string[] = []): Promise<string[]> {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external,
    write: false,
    metafile: true,
    outfile: path.basename(entry).replace(/\.ts$/, '.js'),
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('the extension bundle', () => {
  it('holds none of the engine, which runs on its worker thread', async () => {
    const inputs = await bundledInputs('src/vscode/extension.ts', ['vscode']);
    assert.ok(inputs.includes('src/vscode/extension.ts'), 'the bundle was built from the extension');
    const found = inputs.filter((f) => engineOnly.some((e) => f.includes(e)));
    assert.deepEqual(found, [], 'imported by the extension host');
  });

  it('leaves the engine in the worker bundle', async () => {
    const inputs = await bundledInputs('src/vscode/run/engineWorker.ts');
    for (const e of ['src/core/translate.ts', 'src/core/run/retranslate.ts']) assert.ok(inputs.includes(e), `${e} is in the worker`);
  });
});
