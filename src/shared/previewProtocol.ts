/**
 * The messages between the Preview Translation panel and the extension, both ways. Closed unions:
 * each side switches on `type`, and the compiler names a message that is not handled. The extension
 * posts nothing before the webview's `ready`. No `vscode` and no DOM here: both sides import it.
 */

/** One cue as the player shows it, with where it sits in the subtitle document. */
export interface PreviewCue {
  start: number;
  end: number;
  text: string;
  /** The 0-based line of its `start --> end` in the document, and of its last text line. */
  line: number;
  lastLine: number;
  /** The record's piece it belongs to, when a translation record lies beside the subtitles. */
  piece?: number;
  /** Drawn at the top of the picture: an SRT cue that asks for it (`{\an8}`, as for on-screen text at the bottom). */
  top?: boolean;
}

/** Which sound plays: the source's own, or the record's dub track. */
export type SpeechChoice = 'original' | 'translated';

/** What the player can play, as webview URIs. */
export interface PreviewMedia {
  /** The source's file name, for the title and the messages. */
  name: string;
  /** The source itself, played muted for its picture; absent for audio-only sources. */
  picture?: string;
  /** The copy of the source's sound made with ffmpeg; absent while it is being made or when it could not be. */
  original?: string;
  /** The translated speech (the record's dub WAV); absent without one. */
  translated?: string;
  /** Sentences the player shows above the picture: why there is no picture, or no dub. */
  notes: string[];
}

/** What the panel keeps across being hidden and a reload of the window. */
export interface PreviewState {
  /** The subtitle file the panel previews, as a URI string: what a reload reopens. */
  subtitles: string;
  time: number;
  speech: SpeechChoice;
}

/** The words the player's script shows, in the display language; `{0}` stands for a name or number. */
export interface PreviewStrings {
  play: string;
  pause: string;
  retranslate: string;
  translatingAgain: string;
  /** The Retranslate button's tooltip; `{0}` is the piece's number. */
  retranslateTitle: string;
  /** The note for a picture the webview cannot decode; `{0}` is the media file's name. */
  noPicture: string;
}

/** Messages from the extension to the webview. */
export type HostMessage =
  | { type: 'init'; subtitles: string; title: string; media: PreviewMedia; cues: PreviewCue[]; time: number; speech: SpeechChoice; canRetranslate: boolean; strings: PreviewStrings }
  /** The media changed: the original sound's copy is ready, say. */
  | { type: 'media'; media: PreviewMedia }
  /** The document's cues after an edit (from its text, not the file on disk). */
  | { type: 'cues'; cues: PreviewCue[] }
  /** The cursor moved to a cue in the editor. */
  | { type: 'selectCue'; index: number }
  /** A piece is being translated again (undefined: no longer). */
  | { type: 'busy'; piece: number | undefined };

/** Messages from the webview to the extension. */
export type WebviewMessage =
  | { type: 'ready' }
  /** A cue was chosen in the player's list: the editor shows it. */
  | { type: 'cueChosen'; index: number }
  | { type: 'retranslate'; piece: number }
  | { type: 'state'; time: number; speech: SpeechChoice }
  /** Something the person should hear about, for the log (media that would not load). */
  | { type: 'problem'; message: string };

/** True when `value` is one of the webview's messages: what arrives from a webview is never trusted blindly. */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return true;
    case 'cueChosen':
      return Number.isInteger(m.index);
    case 'retranslate':
      return Number.isInteger(m.piece);
    case 'state':
      return typeof m.time === 'number' && (m.speech === 'original' || m.speech === 'translated');
    case 'problem':
      return typeof m.message === 'string';
    default:
      return false;
  }
}
