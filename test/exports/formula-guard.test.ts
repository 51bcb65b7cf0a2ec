// A text cell that a spreadsheet would run as a formula goes out with an
// apostrophe in front, in the CSV and in the workbook; figures stay numbers.
import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { toCsv } from '../../src/exports/csv.ts';
import { neutralised } from '../../src/exports/formula-guard.ts';
import type { ExportTable } from '../../src/exports/indicator-table.ts';
import { toXlsx } from '../../src/exports/xlsx.ts';
import { xlsxSheet } from './read-export.ts';

const HOSTILE = ['=HYPERLINK("http://x.example","點我")', '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1+1', '\r=1+1'];
const HARMLESS = ['脆弱家庭服務件數', '28,960', '—', '≥ 90%', 'a=b', ''];

const table: ExportTable = {
  sheetName: 'test',
  preamble: ['=title'],
  header: ['text', 'number'],
  rows: [...HOSTILE, ...HARMLESS].map((text, index) => [text, { number: index === 0 ? -3 : index, decimals: 0 }]),
  notes: ['-note'],
};

describe('formula neutralisation', () => {
  it.each(HOSTILE)('prefixes %j with an apostrophe', (text) => {
    expect(neutralised(text)).toBe(`'${text}`);
  });

  it.each(HARMLESS)('leaves %j as it is', (text) => {
    expect(neutralised(text)).toBe(text);
  });

  it('guards every text cell of the CSV, and not the numbers', () => {
    const csv = toCsv(table);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const records = parse(csv.slice(1), { relax_column_count: true, skip_empty_lines: false }) as string[][];
    expect(records[0]).toEqual(["'=title"]);
    const body = records.slice(3, 3 + table.rows.length);
    expect(body.map((r) => r[0])).toEqual([...HOSTILE.map((t) => `'${t}`), ...HARMLESS]);
    expect(body[0]![1]).toBe('-3');
    expect(records.at(-1)).toEqual(["'-note"]);
  });

  it('guards every text cell of the workbook, which holds no formula', async () => {
    const bytes = await toXlsx([table], new Date());
    const sheet = await xlsxSheet(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const cells: ExcelJS.Cell[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
    expect(cells.some((cell) => cell.type === ExcelJS.ValueType.Formula)).toBe(false);
    expect(sheet.getCell('A1').value).toBe("'=title");
    const texts = table.rows.map((_row, index) => sheet.getRow(4 + index).getCell(1).value ?? '');
    // XML reads a carriage return back as a line feed; the apostrophe in front is what counts.
    expect(texts).toEqual([...HOSTILE.map((t) => `'${t.replace('\r', '\n')}`), ...HARMLESS]);
    expect(sheet.getRow(4).getCell(2).value).toBe(-3);
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe("'-note");
  });
});
