// The tables as an Excel workbook, one sheet each: text cells guarded
// against formulas, figures as numbers (percentages with two decimals) so
// they can be summed and charted without retyping.
import ExcelJS from 'exceljs';
import { neutralised } from './formula-guard.ts';
import type { ExportCell, ExportTable } from './indicator-table.ts';

const NUMBER_FORMATS = { 0: '#,##0', 2: '0.00' } as const;
const COLUMN_WIDTHS = [34, 40, 14, 10, 12, 12, 12, 6, 12, 10, 36];

export async function toXlsx(tables: ExportTable[], generatedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Safety Net Hub';
  workbook.created = generatedAt;
  for (const table of tables) addSheet(workbook, table);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addSheet(workbook: ExcelJS.Workbook, table: ExportTable): void {
  const sheet = workbook.addWorksheet(table.sheetName);
  sheet.columns = COLUMN_WIDTHS.map((width) => ({ width }));
  const addRow = (cells: ExportCell[]) => {
    const row = sheet.addRow(cells.map((cell) => (typeof cell === 'string' ? neutralised(cell) : cell.number)));
    cells.forEach((cell, index) => {
      if (typeof cell !== 'string') row.getCell(index + 1).numFmt = NUMBER_FORMATS[cell.decimals];
    });
    return row;
  };
  for (const line of table.preamble) addRow([line]);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.addRow([]);
  addRow(table.header).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: sheet.rowCount }];
  for (const cells of table.rows) addRow(cells);
  sheet.addRow([]);
  for (const line of table.notes) addRow([line]);
}
