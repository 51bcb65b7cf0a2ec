// What a tile's figure may be set beside, and which years have figures at
// all. Pure rules on the API's answers, so they run in Node tests as well.

const shown = (value) => Boolean(value) && !value.suppressed && value.value !== null && value.value !== undefined;

/**
 * City-wide, a tile shows the city's 2023 reported figure. In a district, a
 * count is a part of the city's count, so it is set beside its share of it
 * (nothing when either figure is hidden); a rate is set beside the city's rate
 * of the same period. A district is never set beside the city-wide count.
 * `city` is the same indicator in the city-wide report of the same period.
 */
export function tileComparison(value, { district, city }) {
  if (district === null || district === undefined || district === '') return value.reported2023 ? { kind: 'reported2023' } : null;
  if (!shown(value) || !shown(city)) return null;
  if (value.unit === 'PERCENT') return { kind: 'cityRate', cityValue: city.value };
  if (!(city.value > 0)) return null;
  return { kind: 'share', share: Math.round((value.value / city.value) * 1000) / 10, cityValue: city.value };
}

/**
 * Years of a yearly trend in which some indicator has a figure above zero,
 * newest first. A hidden cell says nothing (zeros are hidden as small counts
 * too), so a year with only hidden cells is not offered.
 */
export function yearsWithData(trend) {
  const years = trend
    .filter((point) => Object.values(point).some((items) => Array.isArray(items) && items.some((v) => v && shown(v) && v.value > 0)))
    .map((point) => point.year);
  return [...new Set(years)].sort((a, b) => b - a);
}
