/**
 * Every command the extension contributes, by id. No `vscode` import, so the manifest test can load
 * this table on plain Node and compare it with package.json both ways.
 */
export const Command = {
  translateMedia: 'mediaTranslate.translateMedia',
  translateUrl: 'mediaTranslate.translateUrl',
  exportDubbedVideo: 'mediaTranslate.exportDubbedVideo',
  setApiKey: 'mediaTranslate.setApiKey',
  clearApiKey: 'mediaTranslate.clearApiKey',
  showOutput: 'mediaTranslate.showOutput',
  clearCache: 'mediaTranslate.clearCache',
  cancel: 'mediaTranslate.cancel',
  preview: 'mediaTranslate.preview',
  retranslatePiece: 'mediaTranslate.retranslatePiece',
  getStarted: 'mediaTranslate.getStarted',
  checkFfmpeg: 'mediaTranslate.checkFfmpeg',
  translateSample: 'mediaTranslate.translateSample',
  openLastResult: 'mediaTranslate.openLastResult',
  /** Test hook: resolves with the text the "Media Translate" channel received. Hidden everywhere. */
  transcriptText: 'mediaTranslate.internal.transcriptText',
  /** Test hook: the notifications shown, and a click on the newest one's button. Hidden everywhere. */
  notices: 'mediaTranslate.internal.notices',
} as const;

/** One of the ids above. */
export type CommandId = (typeof Command)[keyof typeof Command];

/** Commands kept out of the Command Palette entirely (`"when": "false"`). */
export const internalCommands: readonly CommandId[] = [Command.transcriptText, Command.notices];

/** The context key that is true while at least one translation runs. */
export const isTranslatingContext = 'mediaTranslate.isTranslating';
