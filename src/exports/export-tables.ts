// Which tables a download holds. The XLSX of the council or ministry layout
// for the whole city carries the district breakdown as a second sheet, over
// the same indicators as the first. A CSV has no sheets, so it holds one
// table (layout=districts is how a CSV user gets the breakdown); a report
// asked for one district is that district already and gets no second sheet.
import { districtTable } from './district-table.ts';
import type { ExportFormat, ExportRequest } from './export-request.ts';
import { indicatorsFor, indicatorTable, type ExportTable, type IndicatorReportAnswer, type Provenance } from './indicator-table.ts';

export function exportTables(report: IndicatorReportAnswer, request: ExportRequest, format: ExportFormat, provenance: Provenance): ExportTable[] {
  if (request.layout === 'districts') return [districtTable(report, indicatorsFor(report, 'districts'), provenance)];
  const main = indicatorTable(report, request.layout, provenance);
  if (format === 'csv' || request.district !== null) return [main];
  return [main, districtTable(report, indicatorsFor(report, request.layout), provenance)];
}
