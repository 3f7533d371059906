import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunSummary } from '../../../src/core/events';
import { probeMedia } from '../../../src/core/source/probe';
import { estimateRun, tokenRates, tokensOf, totalOf } from '../../../src/core/run/estimate';
import { costOf, readPrices } from '../../../src/core/run/prices';
import { estimateText, usageText } from '../../../src/core/run/costText';
import { collectEvents, engineJob } from '../../fakes/engineJob';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeLongSpeech, type GeneratedMedia } from '../../fakes/media';

const key = 'sk-test-estimate-0123456789';

/** How far an estimate may be from what the server counted, as a share of the count. */
const tolerance = 0.2;

describe('the cost estimate', () => {
  let api: FakeApi;
  let dir: string;
  let lecture: GeneratedMedia;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-estimate-'));
    lecture = await makeLongSpeech({ dir, name: 'lecture', minutes: 10, format: 'mp3' });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(speech: boolean): Promise<RunSummary> {
    const job = engineJob(lecture.file, { apiKey: key, baseUrl: api.baseUrl, dir });
    const events = await collectEvents(speech ? { ...job, voice: 'Cherry', formats: ['srt', 'wav'] } : job);
    const done = events.at(-1);
    assert.equal(done?.type, 'done');
    return (done as { summary: RunSummary }).summary;
  }

  for (const speech of [false, true]) {
    it(`of a 10-minute lecture${speech ? ' with speech' : ''} is within 20 % of the tokens the server reports`, async (t) => {
      const info = await probeMedia(lecture.file, { ffprobePath: 'ffprobe' });
      const estimate = estimateRun({ durationSeconds: info.durationSeconds, segmentSeconds: 30, speech });
      const summary = await run(speech);
      const used = tokensOf(summary.usage);
      const seconds = info.durationSeconds;
      // The measured rates, for docs/cost.md: what the estimate's figures are checked against.
      t.diagnostic(
        `measured per second of source: audio in ${(used.inputAudio / seconds).toFixed(2)}, text out ${(used.outputText / seconds).toFixed(2)}, ` +
          `speech out ${(used.outputAudio / seconds).toFixed(2)}; pieces ${summary.pieces} (estimated ${estimate.pieces}); ` +
          `total ${totalOf(used)} (estimated ${totalOf(estimate.tokens)})`,
      );
      const off = Math.abs(totalOf(estimate.tokens) - totalOf(used)) / totalOf(used);
      assert.ok(off <= tolerance, `estimated ${totalOf(estimate.tokens)} tokens, the server counted ${totalOf(used)}`);
      for (const kind of ['inputAudio', 'outputText', ...(speech ? ['outputAudio' as const] : [])] as const) {
        const kindOff = Math.abs(estimate.tokens[kind] - used[kind]) / used[kind];
        assert.ok(kindOff <= tolerance, `${kind}: estimated ${estimate.tokens[kind]}, the server counted ${used[kind]}`);
      }
      if (!speech) assert.equal(estimate.tokens.outputAudio, 0);
      assert.equal(totalOf(used), summary.usage.totalTokens, 'the four kinds add up to the total the server reported');
    });
  }

  it('counts tokens only, until prices are given, and then the cost of each kind', () => {
    const estimate = estimateRun({ durationSeconds: 600, segmentSeconds: 30, speech: true });
    assert.equal(estimate.pieces, 23);
    assert.equal(estimate.tokens.inputAudio, 600 * tokenRates.inputAudio);
    assert.equal(estimate.tokens.inputVideo, 0, 'no video is sent yet');
    assert.equal(readPrices({}), undefined);
    assert.equal(readPrices({ currency: 'USD', outputText: -1 }), undefined, 'a negative price is no price');
    assert.equal(costOf(estimate.tokens, undefined), undefined);
    assert.match(estimateText(estimate, undefined), /^10:00 of media in about 23 pieces, about 7,500 audio in \+ [\d,]+ text out \+ [\d,]+ speech out = [\d,]+ tokens$/);
    const prices = readPrices({ currency: 'USD', inputAudio: 10, outputText: 10, outputAudio: 38 });
    const cost = costOf(estimate.tokens, prices);
    const expected = (estimate.tokens.inputAudio * 10 + estimate.tokens.outputText * 10 + estimate.tokens.outputAudio * 38) / 1e6;
    assert.ok(cost !== undefined && Math.abs(cost - expected) < 1e-9);
    assert.match(estimateText(estimate, prices), /tokens, about 0\.\d\d USD$/);
    // A kind with tokens and no price makes the cost unknown rather than too low.
    assert.equal(costOf(estimate.tokens, readPrices({ currency: 'USD', inputAudio: 10, outputText: 10 })), undefined);
    const used = { inputAudio: 1000, inputVideo: 0, outputText: 200, outputAudio: 0 };
    assert.equal(usageText(used, undefined), '1,000 audio in + 200 text out = 1,200 tokens');
    assert.equal(usageText(used, readPrices({ currency: 'CNY', inputAudio: 64, outputText: 64 })), '1,000 audio in + 200 text out = 1,200 tokens, 0.077 CNY');
  });
});
