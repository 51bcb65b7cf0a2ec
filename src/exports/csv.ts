// The table as CSV: UTF-8 with a byte-order mark, which is how Excel on a
// Chinese-locale Windows knows the file is not Big5; CRLF line ends (RFC 4180).
import { neutralised } from './formula-guard.ts';
import type { ExportCell, ExportTable } from './indicator-table.ts';

const BOM = '\uFEFF';
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function field(cell: ExportCell): string {
  if (typeof cell !== 'string') return cell.number.toFixed(cell.decimals);
  const text = neutralised(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(table: ExportTable): string {
  const lines = [...table.preamble.map((line) => [line]), [], table.header, ...table.rows, [], ...table.notes.map((line) => [line])];
  return BOM + lines.map((cells) => cells.map(field).join(',')).join('\r\n') + '\r\n';
}
