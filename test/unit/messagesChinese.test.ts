import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as l10n from '@vscode/l10n';
import { TranslateError } from '../../src/core/errors';
import { actionLabels, describeFailure, finished } from '../../src/vscode/messages';

// What activation does in a Chinese VS Code: the extension's zh-cn bundle goes to @vscode/l10n.
// Each test file runs in its own process, so the other tests keep seeing English.
const root = path.resolve(__dirname, '../../..');
l10n.config({ contents: JSON.parse(fs.readFileSync(path.join(root, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) });
const ctx = { name: 'meeting.mp4', region: 'beijing' as const, cached: true };

describe('messages in Simplified Chinese', () => {
  it('says a missing key in Chinese, naming the file, the region and the command to run', () => {
    const f = describeFailure(new TranslateError('noApiKey', 'No API key.'), ctx);
    assert.equal(f.text, 'meeting.mp4：尚未设置北京地域的 API 密钥。请在 https://bailian.console.aliyun.com/?tab=model#/api-key 创建一个，然后运行“Media Translate: 设置 API 密钥”。');
    assert.deepEqual(f.actions.map((a) => actionLabels[a]), ['设置 API 密钥']);
  });

  it('keeps the core\'s English sentence and adds the log hint in Chinese', () => {
    const f = describeFailure(new TranslateError('notMedia', 'meeting.mp4 is not an audio or video file that can be read.'), ctx);
    assert.equal(f.text, 'meeting.mp4 is not an audio or video file that can be read. 详情请查看“Media Translate Log”输出。');
    assert.deepEqual(f.actions.map((a) => actionLabels[a]), ['显示日志']);
  });

  it('names the files a finished run wrote', () => {
    assert.equal(finished('meeting.mp4', ['meeting.en.srt', 'meeting.en.txt']), 'meeting.mp4 翻译完成，已写出 meeting.en.srt, meeting.en.txt。');
  });
});
