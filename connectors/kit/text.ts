// Agency exports mix full-width letters, digits and spaces (全形) into text
// fields; matching and storage use the half-width form.
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** Half-width, trimmed, inner runs of spaces collapsed; null for blank. */
export function cleanText(text: string | null | undefined): string | null {
  const cleaned = toHalfWidth(text ?? '').replace(/\s+/g, ' ').trim();
  return cleaned === '' ? null : cleaned;
}

/** Names carry no spaces in Chinese; full-width spaces inside them are typing noise. */
export function cleanName(text: string | null | undefined): string | null {
  const cleaned = cleanText(text);
  return cleaned === null ? null : /[\u4e00-\u9fff]/.test(cleaned) ? cleaned.replace(/ /g, '') : cleaned;
}
