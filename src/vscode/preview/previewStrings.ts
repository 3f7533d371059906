import * as l10n from '@vscode/l10n';
import type { PreviewStrings } from '../../shared/previewProtocol';

/** The words the player's script shows, in the display language. */
export function previewStrings(): PreviewStrings {
  return {
    play: l10n.t('Play'),
    pause: l10n.t('Pause'),
    retranslate: l10n.t('Retranslate'),
    translatingAgain: l10n.t('Translating again…'),
    retranslateTitle: l10n.t('Translate piece {0} again and replace its cues and speech'),
    noPicture: l10n.t("No picture can be shown for {0}: VS Code's player cannot decode its video (H.264 and VP9 play, HEVC does not). Its sound and subtitles still play."),
  };
}
