// The district breakdown: one row per indicator and district, from the
// byDistrict cells the API returns with each indicator (UNKNOWN included,
// in the API's order), under the same columns, frame and marker as the
// indicator table. A suppressed district cell shows the marker, never a number.
import type { TargetDirection } from '../indicators/catalogue.ts';
import { targetMet } from '../indicators/evaluate.ts';
import {
  countCell, figureCell, framedTable, metWord, reportPeriodZh, sourceText, targetText, UNITS_ZH,
  type ExportCell, type ExportTable, type IndicatorAnswer, type IndicatorReportAnswer, type Provenance,
} from './indicator-table.ts';
import { districtZh } from './period-zh.ts';

type DistrictCell = NonNullable<IndicatorAnswer['byDistrict']>[number];

/**
 * 達成情形 of a district: only a percentage is judged, by the district's own
 * value. A count's target is a figure for the whole city, which no single
 * district is meant to reach, so a district is never compared with it.
 */
function districtMet(indicator: IndicatorAnswer, cell: DistrictCell): string {
  if (indicator.target === null || indicator.unit !== 'PERCENT') return '';
  const direction: TargetDirection = indicator.targetDirection === 'AT_MOST' ? 'AT_MOST' : 'AT_LEAST';
  return metWord(targetMet({ target: { value: indicator.target, direction } }, cell.value), cell.suppressed === true);
}

/**
 * The 各行政區 sheet for the given indicators (all of them, or the ministry's
 * with a target). A report asked for one district lists that district only.
 */
export function districtTable(report: IndicatorReportAnswer, indicators: IndicatorAnswer[], provenance: Provenance): ExportTable {
  const period = reportPeriodZh(report);
  const rows = indicators.flatMap((indicator) =>
    (indicator.byDistrict ?? [])
      .filter((cell) => report.district === null || cell.district === report.district)
      .map((cell): ExportCell[] => [
        indicator.id ?? '',
        indicator.labelZh ?? indicator.labelEn ?? '',
        period,
        districtZh(cell.district),
        countCell(cell.numerator, cell.suppressed === true),
        countCell(cell.denominator, cell.suppressed === true),
        figureCell(cell.value, cell.suppressed === true, indicator.unit),
        UNITS_ZH[indicator.unit ?? ''] ?? '',
        targetText(indicator),
        districtMet(indicator, cell),
        // The 2023 report's figure is the city's: beside a district's it would read as that district's.
        '',
        sourceText(indicator),
      ]),
  );
  return framedTable(report, 'districts', rows, provenance);
}
