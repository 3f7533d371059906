import * as vscode from 'vscode';
import type { TranslateEvent } from '../../core/events';
import { Command } from '../commands/commandIds';
import type { Sink } from './sink';

/** A status bar item while a run is in progress; clicking it shows the translated text. */
export class StatusBarSink implements Sink {
  private readonly item: vscode.StatusBarItem;

  constructor(private readonly name: string) {
    this.item = vscode.window.createStatusBarItem('mediaTranslate.run', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Media Translate';
    this.item.command = Command.showOutput;
    this.item.tooltip = vscode.l10n.t('Translating {0}. Click to show the translation as it arrives.', name);
    this.item.text = `$(sync~spin) ${name}`;
    this.item.show();
  }

  handle(ev: TranslateEvent): void {
    if (ev.type !== 'progress') return;
    this.item.text = `$(sync~spin) ${this.name} ${ev.done}/${ev.total}${ev.totalKnown ? '' : '+'}`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
