// Spreadsheet programs run a cell that begins with = + - or @ as a formula
// (and tab or carriage return can smuggle one in), so a label or figure that
// came from data could make a downloaded file compute, link or call out.
// Every text cell goes out with an apostrophe in front of such a start,
// which shows the text as typed (OWASP's advice on CSV injection).
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r']);

export function neutralised(text: string): string {
  return FORMULA_STARTS.has(text.charAt(0)) ? `'${text}` : text;
}
