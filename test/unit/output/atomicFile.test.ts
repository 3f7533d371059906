import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { TranslateError } from '../../../src/core/errors';
import { AtomicFile, writeFileAtomic } from '../../../src/core/output/atomicFile';

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-atomic-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes the file as UTF-8 and leaves no temporary file', async () => {
    const file = path.join(dir, 'talk.en.srt');
    await writeFileAtomic(file, 'héllo 你好\n');
    assert.equal(fs.readFileSync(file, 'utf8'), 'héllo 你好\n');
    assert.deepEqual(fs.readdirSync(dir), ['talk.en.srt']);
  });

  it('replaces an existing file whole', async () => {
    const file = path.join(dir, 'talk.en.txt');
    fs.writeFileSync(file, 'old text that is longer than the new');
    await writeFileAtomic(file, Buffer.from('new'));
    assert.equal(fs.readFileSync(file, 'utf8'), 'new');
    assert.deepEqual(fs.readdirSync(dir), ['talk.en.txt']);
  });

  it('fails with writeFailed when the folder is missing', async () => {
    const file = path.join(dir, 'missing', 'talk.en.srt');
    await assert.rejects(writeFileAtomic(file, 'x'), (e: unknown) => TranslateError.is(e, 'writeFailed') && e.message.includes(file));
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('removes its temporary file when the final rename fails', async () => {
    // A folder already holds the name, so everything succeeds up to the rename.
    const file = path.join(dir, 'talk.en.srt');
    fs.mkdirSync(file);
    await assert.rejects(writeFileAtomic(file, 'x'), (e: unknown) => TranslateError.is(e, 'writeFailed'));
    assert.deepEqual(fs.readdirSync(dir), ['talk.en.srt']);
    assert.ok(fs.statSync(file).isDirectory());
  });
});

describe('AtomicFile', () => {
  it('shows nothing under the final name until commit', async () => {
    const file = path.join(dir, 'talk.en.wav');
    const out = await AtomicFile.open(file);
    assert.match(path.basename(out.tempPath), /^\.talk\.en\.wav\.[0-9a-f]+\.media-translate\.tmp$/);
    await out.write(Buffer.from('....body'));
    await out.writeAt(Buffer.from('HEAD'), 0);
    await out.write(Buffer.from('!'));
    assert.equal(fs.existsSync(file), false);
    await out.commit();
    assert.equal(fs.readFileSync(file, 'utf8'), 'HEADbody!');
    assert.deepEqual(fs.readdirSync(dir), ['talk.en.wav']);
    await out.abort();
    assert.ok(fs.existsSync(file), 'abort after commit does nothing');
  });

  it('leaves nothing behind when aborted', async () => {
    const out = await AtomicFile.open(path.join(dir, 'talk.en.wav'));
    await out.write(Buffer.alloc(1000));
    await out.abort();
    await out.abort();
    assert.deepEqual(fs.readdirSync(dir), []);
    await assert.rejects(out.write(Buffer.from('x')), (e: unknown) => TranslateError.is(e, 'writeFailed'));
  });
});
