import * as vscode from 'vscode';
import { findLanguage, languages, type Language } from '../../core/options/languages';
import { voicesFor } from '../../core/options/voices';
import type { Choices } from '../run/buildJob';
import { formatsFor } from '../run/buildJob';
import { languageName, voiceDescription } from '../names';
import type { Settings } from '../settings';
import { recordPick } from './shownPicks';

/** globalState key of the target languages used last, most recent first. */
const recentKey = 'mediaTranslate.recentTargets';
const recentLimit = 5;

type Item<T> = vscode.QuickPickItem & { value: T };

/** The estimate of the run as one line, for text only or with speech; undefined when unknown. */
export type EstimateLine = (speech: boolean) => Promise<string | undefined>;

/**
 * Asks for the target language (last used first), the source language (Auto-detect first), and
 * whether to produce speech and in which voice (only voices that speak the target), as one step so
 * that no answer ends the flow before the count in the title says. The settings supply the
 * defaults, shown first. The last step shows what the run is estimated to cost (`estimate`): in its
 * title when it asks for the source language, beside each answer when it asks about speech, since
 * speech changes the cost. Undefined when the person presses Escape at any step.
 */
export async function pickOptions(settings: Settings, state: vscode.Memento, estimate?: EstimateLine): Promise<Choices | undefined> {
  const target = await pickTarget(settings, state);
  if (!target) return undefined;
  // A text-only target has no speech step, so the count shrinks as soon as that is known.
  const steps = target.speech ? 3 : 2;
  const source = await pickSource(settings, target, steps, steps === 2 ? await estimate?.(false) : undefined);
  if (source === undefined) return undefined;
  const voice = target.speech ? await pickSpeech(settings, target, steps, estimate) : false;
  if (voice === undefined) return undefined;
  await remember(state, target.code);
  return {
    targetLanguage: target.code,
    sourceLanguage: source === 'auto' ? undefined : source,
    voice: voice || undefined,
    formats: formatsFor(settings.outputFormats, voice !== false),
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
    const notes = [l.code, l.speech ? '' : vscode.l10n.t('text only'), recent.includes(l.code) ? vscode.l10n.t('recently used') : '', l.code === settings.targetLanguage ? vscode.l10n.t('default') : ''];
    return { label: languageName(l), description: notes.filter(Boolean).join(' · '), value: l };
  });
  return pick(items, vscode.l10n.t('Translate into which language?'), 1, 3);
}

async function pickSource(settings: Settings, target: Language, steps: number, estimate: string | undefined): Promise<string | undefined> {
  const auto: Item<string> = { label: vscode.l10n.t('Auto-detect'), description: vscode.l10n.t('Let the model recognise the spoken language'), value: 'auto' };
  const ordered = orderBy(languages, (l) => (l.code === settings.sourceLanguage ? 0 : -1));
  const items = [auto, ...ordered.filter((l) => l.code !== target.code).map((l) => ({ label: languageName(l), description: l.code, value: l.code }))];
  return pick(items, vscode.l10n.t('What language is spoken in the media?'), 2, steps, estimate);
}

/** The voice's name for speech, or false for subtitles and text only. */
async function pickSpeech(settings: Settings, target: Language, steps: number, estimate?: EstimateLine): Promise<string | false | undefined> {
  const [textCost, speechCost] = await Promise.all([estimate?.(false), estimate?.(true)]);
  const text: Item<string | false> = { label: vscode.l10n.t('Subtitles and text'), description: vscode.l10n.t('No translated speech'), detail: textCost, value: false };
  const heading: Item<string | false> = { label: vscode.l10n.t('Translated speech in {0} (.wav)', languageName(target)), kind: vscode.QuickPickItemKind.Separator, value: false };
  const ordered = orderBy(voicesFor(target.code), (v) => (v.name === settings.voice ? 0 : -1));
  const voices: Item<string | false>[] = ordered.map((v) => ({
    label: vscode.l10n.t('Also translated speech: {0}', v.name),
    description: voiceDescription(v, target.code),
    detail: speechCost,
    value: v.name,
  }));
  const items = settings.outputAudio
    ? [heading, ...voices, { label: vscode.l10n.t('Text only'), kind: vscode.QuickPickItemKind.Separator, value: false as const }, text]
    : [text, heading, ...voices];
  return pick(items, vscode.l10n.t('Produce {0} speech as well, and in which voice?', languageName(target)), 3, steps);
}

async function pick<T>(items: Item<T>[], placeHolder: string, step: number, steps: number, estimate?: string): Promise<T | undefined> {
  const title = estimate ? vscode.l10n.t('Translate Media ({0}/{1}): {2}', step, steps, estimate) : vscode.l10n.t('Translate Media ({0}/{1})', step, steps);
  recordPick({ title, placeHolder, items });
  const picked = await vscode.window.showQuickPick(items, {
    title,
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
