import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TranslateError, type ErrorReason } from '../../src/core/errors';
import { actionLabels, describeFailure } from '../../src/vscode/messages';

const file = path.join(path.sep, 'home', 'someone', 'projects', 'a long folder name', 'recordings', 'meeting.mp4');
const ctx = { name: 'meeting.mp4', file, region: 'singapore' as const, cached: true };
const fail = (reason: ErrorReason, message: string) => new TranslateError(reason, message);

describe('failure messages in VS Code', () => {
  for (const [reason, message] of [
    ['notMedia', `${file} is not an audio or video file that can be read.`],
    ['noAudio', `${file} has no audio track.`],
    ['noSpeech', `No speech was found in ${file}.`],
  ] as const) {
    it(`offers the log for ${reason}, whose transcript line points there`, () => {
      const f = describeFailure(fail(reason, message), ctx);
      assert.deepEqual(f.actions.map((a) => actionLabels[a]), ['Show Log']);
    });
  }

  it('starts with the reason and the file name, never the folder', () => {
    const f = describeFailure(fail('notMedia', `${file} is not an audio or video file that can be read.`), ctx);
    assert.match(f.text, /^meeting\.mp4 is not an audio or video file that can be read\./);
    assert.ok(!f.text.includes(path.dirname(file)), f.text);
    const written = describeFailure(fail('writeFailed', `Could not write ${path.join(path.dirname(file), 'meeting.en.srt')}: the disk is full.`), ctx);
    assert.match(written.text, /^meeting\.mp4: Could not write meeting\.en\.srt: the disk is full\./);
  });

  it('names the file in front of a sentence that does not, such as a rejected key', () => {
    const f = describeFailure(fail('unauthorized', 'Invalid API key.'), { ...ctx, canRetry: true });
    assert.match(f.text, /^meeting\.mp4: The API key was rejected/);
    assert.deepEqual(f.actions.map((a) => actionLabels[a]), ['Set API Key', 'Retry', 'Open Settings']);
  });

  it('offers Retry after a failure that may pass, only when the run can be started again', () => {
    const e = fail('server', 'The API failed (503) on 00:00–00:09.');
    assert.deepEqual(describeFailure(e, { ...ctx, canRetry: true }).actions.map((a) => actionLabels[a]), ['Retry', 'Show Log']);
    assert.deepEqual(describeFailure(e, ctx).actions.map((a) => actionLabels[a]), ['Show Log']);
  });

  it('calls the log button Show Log, apart from the Show Translation Output command', () => {
    assert.equal(Object.values(actionLabels).filter((l) => l === 'Show Output').length, 0);
    assert.ok(Object.values(actionLabels).includes('Show Log'));
  });
});
