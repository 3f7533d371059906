import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pairForSubtitles, subtitlesForMedia } from '../../../src/vscode/preview/findPair';
import { cueAtLine, previewCues } from '../../../src/vscode/preview/previewCues';

const record = (source: string, pieceStarts: number[]): string =>
  JSON.stringify({
    format: 'media-translate/translation',
    version: 1,
    generator: 'test',
    source: { path: source, sha256: '', durationSeconds: 30, audioStream: 0 },
    options: { model: 'm', targetLanguage: 'en', sampling: {}, segmentSeconds: 30, subtitleProfile: 'netflix' },
    pieces: pieceStarts.map((start, index) => ({ index, start, end: start + 5, speech: [[start, start + 5]], text: 'x', finishReason: 'stop', usage: {} })),
    cues: [],
    usage: {},
    warnings: [],
  });

describe('what the preview plays with a subtitle file', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-pair-'));
    for (const f of ['talk.mp4', 'talk.en.srt', 'talk.en.wav', 'other.mov', 'other.de.vtt', 'film.mkv', 'film.en.srt']) fs.writeFileSync(path.join(dir, f), 'x');
    fs.mkdirSync(path.join(dir, 'media'));
    fs.writeFileSync(path.join(dir, 'media', 'film.mkv'), 'x');
    fs.writeFileSync(path.join(dir, 'talk.en.json'), record('talk.mp4', [0, 10, 20]));
    // This record names a source in another folder, so the film.mkv beside it is not its source.
    fs.writeFileSync(path.join(dir, 'film.en.json'), record('media/film.mkv', [0]));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes the source the record beside the subtitles names, and the dub beside them', () => {
    const pair = pairForSubtitles(path.join(dir, 'talk.en.srt'));
    assert.equal(pair.media, path.join(dir, 'talk.mp4'));
    assert.equal(pair.dub, path.join(dir, 'talk.en.wav'));
    assert.equal(pair.recordFile, path.join(dir, 'talk.en.json'));
    assert.equal(pairForSubtitles(path.join(dir, 'film.en.srt')).media, path.join(dir, 'media', 'film.mkv'));
  });

  it('without a record, takes the media of the same stem, and no dub', () => {
    const pair = pairForSubtitles(path.join(dir, 'other.de.vtt'));
    assert.equal(pair.media, path.join(dir, 'other.mov'));
    assert.equal(pair.dub, undefined);
    assert.equal(pair.record, undefined);
  });

  it('finds the subtitles that translate a media file, and not those of another source', () => {
    assert.deepEqual(subtitlesForMedia(path.join(dir, 'talk.mp4')), [path.join(dir, 'talk.en.srt')]);
    assert.deepEqual(subtitlesForMedia(path.join(dir, 'film.mkv')), []);
    assert.deepEqual(subtitlesForMedia(path.join(dir, 'media', 'film.mkv')), []);
  });

  it('gives each cue its lines and the piece that starts at or before it', () => {
    const text = '1\n00:00:01,000 --> 00:00:03,000\nOne\n\n2\n00:00:11,000 --> 00:00:13,000\nTwo\nlines\n\n3\n00:00:25,000 --> 00:00:27,000\nThree\n';
    const parsed = JSON.parse(record('talk.mp4', [0, 10, 20]));
    const cues = previewCues(text, 'srt', parsed);
    assert.deepEqual(cues.map((c) => [c.line, c.lastLine, c.piece]), [[1, 2, 0], [5, 7, 1], [10, 11, 2]]);
    assert.deepEqual([0, 2, 4, 6, 8, 9, 11].map((line) => cueAtLine(cues, line)), [0, 0, 1, 1, 1, 2, 2]);
  });

  it('gives each cue the text a viewer reads: no tags, no SRT override codes, entities decoded', () => {
    const srt = '1\n00:00:01,000 --> 00:00:03,000\n{\\an8}We talk about <i>subtitles</i>\n<font color="#ff0">today</font> & <b>more</b>\n';
    assert.deepEqual(previewCues(srt, 'srt').map((c) => [c.text, c.top]), [['We talk about subtitles\ntoday & more', true]]);
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000 align:start\n<v Roger>A <c.loud>test</c> of <ruby>字幕<rt>じまく</rt></ruby> &lt;here&gt;\n';
    assert.deepEqual(previewCues(vtt, 'vtt').map((c) => c.text), ['A test of 字幕 <here>']);
  });
});
