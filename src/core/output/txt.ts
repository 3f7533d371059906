/**
 * The translation as plain text: one paragraph per piece, whitespace collapsed and trimmed, empty
 * paragraphs dropped, a blank line between paragraphs and a final newline (nothing at all when
 * there is no text).
 */
export function formatTxt(paragraphs: readonly string[]): string {
  const kept = paragraphs.map((p) => p.replace(/\s+/gu, ' ').trim()).filter((p) => p !== '');
  return kept.length === 0 ? '' : `${kept.join('\n\n')}\n`;
}
