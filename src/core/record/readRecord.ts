import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { TranslateError } from '../errors';
import { profileNames } from '../subtitles/profiles';
import { recordFormat, recordVersion, type TranslationRecord } from './schema';

/**
 * Reads and checks a translation record. Anything that is not one of ours, comes from a newer
 * version, or is broken throws `badRecord` with one sentence that names the file and what is wrong.
 */
export async function readRecord(file: string): Promise<TranslationRecord> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a record' : `cannot be read (${code ?? 'unknown error'})`;
    throw new TranslateError('badRecord', `${path.basename(file)} ${why}.`, { cause: e });
  }
  return parseRecord(text, path.basename(file));
}

/** Checks the text of a record; `name` is used in the messages. */
export function parseRecord(text: string, name: string): TranslationRecord {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/u, ''));
  } catch (e) {
    throw bad(`${name} is not valid JSON (${(e as Error).message.replace(/^JSON\.parse: /u, '')}).`);
  }
  if (!isObject(data) || data.format !== recordFormat) {
    throw bad(`${name} is not a Media Translate translation record: it has no "format": "${recordFormat}".`);
  }
  if (typeof data.version !== 'number' || !Number.isInteger(data.version) || data.version < 1) {
    throw bad(`${name} has no valid "version".`);
  }
  if (data.version > recordVersion) {
    throw bad(`${name} was written by a newer Media Translate (record version ${data.version}; this one reads up to ${recordVersion}). Update Media Translate to use it.`);
  }
  const where = (what: string): string => `${name}: ${what}`;
  const source = data.source;
  if (!isObject(source) || typeof source.path !== 'string' || !isNumber(source.durationSeconds)) {
    throw bad(where('"source" needs a "path" and a "durationSeconds".'));
  }
  const options = data.options;
  if (!isObject(options) || typeof options.targetLanguage !== 'string') throw bad(where('"options" needs a "targetLanguage".'));
  if (!profileNames.includes(options.subtitleProfile as never)) throw bad(where(`"options.subtitleProfile" must be one of ${profileNames.join(', ')}.`));
  if (!Array.isArray(data.pieces)) throw bad(where('"pieces" must be a list.'));
  data.pieces.forEach((p: unknown, i: number) => {
    const at = `piece ${i + 1}`;
    if (!isObject(p)) throw bad(where(`${at} is not an object.`));
    if (!isNumber(p.index) || !isNumber(p.start) || !isNumber(p.end)) throw bad(where(`${at} needs numbers "index", "start" and "end".`));
    if (typeof p.text !== 'string') throw bad(where(`${at} has no "text".`));
    if (!Array.isArray(p.speech) || !p.speech.every((s: unknown) => Array.isArray(s) && s.length === 2 && s.every(isNumber))) {
      throw bad(where(`${at} needs "speech" as a list of [start, end] pairs.`));
    }
    if (p.dub !== undefined && (!isObject(p.dub) || !isNumber(p.dub.start) || !isNumber(p.dub.seconds))) {
      throw bad(where(`${at} has a "dub" without numbers "start" and "seconds".`));
    }
    if (isObject(p.dub) && p.dub.speed !== undefined && !(isNumber(p.dub.speed) && p.dub.speed >= 0.5 && p.dub.speed <= 2)) {
      throw bad(where(`${at} has a "dub.speed" outside 0.5 to 2.`));
    }
    if (isObject(p.dub) && p.dub.trim !== undefined && !(Array.isArray(p.dub.trim) && p.dub.trim.length === 2 && p.dub.trim.every(isNumber))) {
      throw bad(where(`${at} needs "dub.trim" as a [from, to] pair.`));
    }
  });
  if (!Array.isArray(data.cues)) throw bad(where('"cues" must be a list.'));
  data.cues.forEach((c: unknown, i: number) => {
    const at = `cue ${i + 1}`;
    if (!isObject(c)) throw bad(where(`${at} is not an object.`));
    if (!isNumber(c.start) || !isNumber(c.end)) throw bad(where(`${at} needs numbers "start" and "end".`));
    if (c.end < c.start) throw bad(where(`${at} ends (${c.end} s) before it starts (${c.start} s).`));
    if (typeof c.text !== 'string') throw bad(where(`${at} has no "text".`));
  });
  if (!Array.isArray(data.warnings)) data.warnings = [];
  return data as unknown as TranslationRecord;
}

function bad(message: string): TranslateError {
  return new TranslateError('badRecord', message);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
