import type { HostMessage, PreviewCue, PreviewMedia, PreviewState, PreviewStrings, SpeechChoice, WebviewMessage } from '../shared/previewProtocol';
import { CueList, clock, fill } from './cueList';
import { Player } from './player';
import './preview.css';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): PreviewState | undefined;
  setState(state: PreviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (m: WebviewMessage): void => vscode.postMessage(m);
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const picture = byId<HTMLVideoElement>('picture');
const original = byId<HTMLAudioElement>('original');
const translated = byId<HTMLAudioElement>('translated');
const caption = byId<HTMLDivElement>('caption');
const notes = byId<HTMLDivElement>('notes');
const timeLabel = byId<HTMLSpanElement>('time');
const playButton = byId<HTMLButtonElement>('play');
const speechButtons = [...document.querySelectorAll<HTMLInputElement>('input[name="speech"]')];

let subtitles = vscode.getState()?.subtitles ?? '';
let media: PreviewMedia = { name: '', notes: [] };
let canRetranslate = false;
let pictureFailed = false;
/** The player's words in the display language, from `init`. */
let strings: PreviewStrings | undefined;
let lastSaved = 0;

const player = new Player(picture, original, translated, vscode.getState()?.speech ?? 'original', () => onTime());
const list = new CueList(byId<HTMLOListElement>('cues'), {
  choose: (index) => {
    const cue = list.items[index];
    if (!cue) return;
    player.seek(cue.start);
    list.highlight(index);
    showCaption(cue);
    post({ type: 'cueChosen', index });
  },
  retranslate: (piece) => post({ type: 'retranslate', piece }),
}, () => (canRetranslate ? strings : undefined));

function onTime(): void {
  const t = player.time;
  timeLabel.textContent = clock(t);
  if (strings) playButton.textContent = player.playing ? strings.pause : strings.play;
  playButton.setAttribute('aria-pressed', String(player.playing));
  const index = list.indexAt(t);
  list.highlight(index, true);
  showCaption(list.items[index]);
  // The time is kept for a reload, but not on every frame.
  if (Math.abs(t - lastSaved) > 0.5 || !player.playing) save();
}

function save(): void {
  lastSaved = player.time;
  const state: PreviewState = { subtitles, time: player.time, speech: player.choice };
  vscode.setState(state);
  post({ type: 'state', time: state.time, speech: state.speech });
}

/** The current cue as text under the picture, for sources without one (and as a fallback). */
function showCaption(cue: PreviewCue | undefined): void {
  caption.textContent = cue?.text ?? '';
}

/**
 * Every cue as a text track of the clock element; the other elements carry none. The clock's cues
 * are changed in place where there are as many as before (an edit of the document), so that an
 * edit costs the cues it changed rather than the whole track.
 */
function syncTrack(): void {
  for (const el of [picture, original, translated]) {
    let track = [...el.textTracks].find((t) => t.label === 'Subtitles');
    if (!track) track = el.addTextTrack('subtitles', 'Subtitles');
    const had = [...(track.cues ?? [])] as VTTCue[];
    if (el !== player.master) {
      for (const cue of had) track.removeCue(cue);
      track.mode = 'disabled';
      el.removeAttribute('data-clock');
      continue;
    }
    track.mode = 'showing';
    el.setAttribute('data-clock', 'true');
    const wanted = list.items;
    if (had.length !== wanted.length) {
      for (const cue of had) track.removeCue(cue);
      for (const c of wanted) track.addCue(trackCue(c));
      continue;
    }
    // The track keeps its cues in time order, as the list does once the document is in order; where
    // the two differ, the cues are rewritten to match and the track sorts them again.
    had.forEach((cue, i) => {
      const c = wanted[i];
      const text = cueMarkup(c.text);
      if (cue.startTime !== c.start) cue.startTime = c.start;
      if (cue.endTime !== cueEnd(c)) cue.endTime = cueEnd(c);
      if (cue.text !== text) cue.text = text;
      if (cue.line !== cueLine(c)) cue.line = cueLine(c);
    });
  }
}

/** A cue of the picture's text track: its words, at the top when the subtitle file asks for it. */
function trackCue(c: PreviewCue): VTTCue {
  const cue = new VTTCue(c.start, cueEnd(c), cueMarkup(c.text));
  cue.line = cueLine(c);
  return cue;
}

/** Where the track draws a cue: the top line when the subtitle file asks for it, else where it likes. */
function cueLine(c: PreviewCue): LineAndPositionSetting {
  return c.top ? 0 : 'auto';
}

/**
 * The cue's words as WebVTT cue text, which the track reads as markup: a `<` or `&` in what the
 * viewer should read is escaped, or "a <b> c" would lose its middle.
 */
function cueMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A cue's end for the track, which takes no cue that ends where it starts. */
function cueEnd(c: PreviewCue): number {
  return Math.max(c.end, c.start + 0.001);
}

function showMedia(next: PreviewMedia, time: number): void {
  media = next;
  player.load(media, time, pictureFailed);
  picture.hidden = !picture.getAttribute('src');
  caption.hidden = !picture.hidden;
  const said = [...media.notes];
  if (pictureFailed && strings) said.unshift(fill(strings.noPicture, media.name));
  notes.replaceChildren(...said.map((n) => Object.assign(document.createElement('p'), { textContent: n })));
  const hasTranslated = Boolean(media.translated);
  for (const b of speechButtons) {
    if (b.value === 'translated') b.disabled = !hasTranslated;
    b.checked = b.value === player.choice;
  }
  syncTrack();
}

picture.addEventListener('error', () => {
  if (!picture.getAttribute('src') || pictureFailed) return;
  pictureFailed = true;
  post({ type: 'problem', message: `The picture of ${media.name} could not be decoded in the preview.` });
  showMedia(media, player.time);
});
picture.addEventListener('loadedmetadata', () => {
  // A video whose picture the webview cannot decode may still load its length, with no size.
  if (picture.videoWidth === 0 && !pictureFailed) {
    pictureFailed = true;
    showMedia(media, player.time);
  }
});

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'init':
      subtitles = m.subtitles;
      canRetranslate = m.canRetranslate;
      strings = m.strings;
      document.title = m.title;
      list.show(m.cues);
      player.choose(m.speech);
      showMedia(m.media, m.time);
      onTime();
      break;
    case 'media':
      showMedia(m.media, player.time);
      break;
    case 'cues':
      list.show(m.cues);
      syncTrack();
      onTime();
      break;
    case 'selectCue': {
      const cue = list.items[m.index];
      if (!cue) break;
      list.highlight(m.index);
      showCaption(cue);
      if (!player.playing) player.seek(cue.start);
      break;
    }
    case 'busy':
      list.setBusy(m.piece);
      break;
  }
});

playButton.addEventListener('click', () => player.toggle());
byId<HTMLButtonElement>('prev').addEventListener('click', () => goTo(-1));
byId<HTMLButtonElement>('next').addEventListener('click', () => goTo(1));
byId<HTMLSelectElement>('rate').addEventListener('change', (e) => player.setRate(Number((e.target as HTMLSelectElement).value)));
for (const b of speechButtons) {
  b.addEventListener('change', () => {
    if (!b.checked) return;
    player.choose(b.value as SpeechChoice);
    save();
  });
}

function goTo(direction: -1 | 1): void {
  const index = list.step(player.time, direction);
  if (index < 0) return;
  player.seek(list.items[index].start);
  list.highlight(index);
  // The focus follows, or Enter would play the cue it was left on.
  if (list.hasFocus()) list.focus(index);
  showCaption(list.items[index]);
}

document.addEventListener('keydown', (e) => {
  const target = e.target as HTMLElement;
  if (target.tagName === 'SELECT' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'radio') || e.ctrlKey || e.metaKey || e.altKey) return;
  const key = e.key.toLowerCase();
  if (key === ' ' || key === 'k') player.toggle();
  else if (key === 'p' || key === 'arrowup') goTo(-1);
  else if (key === 'n' || key === 'arrowdown') goTo(1);
  else return;
  e.preventDefault();
});

post({ type: 'ready' });
