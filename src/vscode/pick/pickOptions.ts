import * as vscode from 'vscode';
import { findLanguage, languages, type Language } from '../../core/options/languages';
import { voicesFor } from '../../core/options/voices';
import type { Choices } from '../run/buildJob';
import { formatsFor } from '../run/buildJob';
import type { Settings } from '../settings';

/** globalState key of the target languages used last, most recent first. */
const recentKey = 'mediaTranslate.recentTargets';
const recentLimit = 5;

type Item<T> = vscode.QuickPickItem & { value: T };

/**
 * Asks for the target language (last used first), the source language (Auto-detect first), whether
 * to produce speech and which voice (only voices that speak the target). The settings supply the
 * defaults, shown first. Undefined when the person presses Escape at any step.
 */
export async function pickOptions(settings: Settings, state: vscode.Memento): Promise<Choices | undefined> {
  const target = await pickTarget(settings, state);
  if (!target) return undefined;
  const source = await pickSource(settings, target);
  if (source === undefined) return undefined;
  const speech = target.speech ? await pickSpeech(settings, target) : false;
  if (speech === undefined) return undefined;
  const voice = speech ? await pickVoice(settings, target) : undefined;
  if (speech && !voice) return undefined;
  await remember(state, target.code);
  return {
    targetLanguage: target.code,
    sourceLanguage: source === 'auto' ? undefined : source,
    voice,
    formats: formatsFor(settings.outputFormats, speech),
  };
}

/** The target languages used last, most recent first. */
export function recentTargets(state: vscode.Memento): string[] {
  return state.get<string[]>(recentKey, []).filter((c) => findLanguage(c) !== undefined);
}

async function remember(state: vscode.Memento, code: string): Promise<void> {
  const recent = [code, ...recentTargets(state).filter((c) => c !== code)].slice(0, recentLimit);
  await state.update(recentKey, recent);
}

function pickTarget(settings: Settings, state: vscode.Memento): Promise<Language | undefined> {
  const recent = recentTargets(state);
  const first = [...recent, settings.targetLanguage];
  const ordered = orderBy(languages, (l) => first.indexOf(l.code));
  const items: Item<Language>[] = ordered.map((l) => {
    const notes = [l.code, l.speech ? '' : 'text only', recent.includes(l.code) ? 'recently used' : '', l.code === settings.targetLanguage ? 'default' : ''];
    return { label: l.name, description: notes.filter(Boolean).join(' · '), value: l };
  });
  return pick(items, 'Translate into which language?', 1);
}

async function pickSource(settings: Settings, target: Language): Promise<string | undefined> {
  const auto: Item<string> = { label: 'Auto-detect', description: 'Let the model recognise the spoken language', value: 'auto' };
  const ordered = orderBy(languages, (l) => (l.code === settings.sourceLanguage ? 0 : -1));
  const items = [auto, ...ordered.filter((l) => l.code !== target.code).map((l) => ({ label: l.name, description: l.code, value: l.code }))];
  return pick(items, 'What language is spoken in the media?', 2);
}

async function pickSpeech(settings: Settings, target: Language): Promise<boolean | undefined> {
  const text: Item<boolean> = { label: 'Subtitles and text', description: 'No translated speech', value: false };
  const speech: Item<boolean> = { label: 'Also translated speech', description: `A ${target.name} voice track (.wav)`, value: true };
  return pick(settings.outputAudio ? [speech, text] : [text, speech], `Produce ${target.name} speech as well?`, 3);
}

async function pickVoice(settings: Settings, target: Language): Promise<string | undefined> {
  const voices = voicesFor(target.code);
  if (voices.length === 1) return voices[0].name;
  const ordered = orderBy(voices, (v) => (v.name === settings.voice ? 0 : -1));
  const items = ordered.map((v) => ({ label: v.name, description: `${v.gender} · ${v.description}`, value: v.name }));
  return pick(items, `Which voice should speak ${target.name}?`, 4);
}

async function pick<T>(items: Item<T>[], placeHolder: string, step: number): Promise<T | undefined> {
  const picked = await vscode.window.showQuickPick(items, {
    title: `Translate Media (${step}/4)`,
    placeHolder,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return picked?.value;
}

/**
 * Stable order with preferred items first: `rank` gives a position among the preferred (0, 1, …)
 * or -1 for the rest, which keep their order.
 */
function orderBy<T>(items: readonly T[], rank: (item: T) => number): T[] {
  const preferred = items.filter((i) => rank(i) >= 0).sort((a, b) => rank(a) - rank(b));
  return [...preferred, ...items.filter((i) => rank(i) < 0)];
}
