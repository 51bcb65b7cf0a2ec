// What makes a campaign, and a unit's filled-in form for it, acceptable
// before anything is written. A campaign (e.g. the Lunar New Year care
// project, 10 January – 16 February) is a date range, a form of whole-number
// items and the units that must return it by a deadline. Pure.
import { UNIT_CODES } from '../../domain/codes.ts';
import { textProblem } from '../../domain/input-checks.ts';
import type { Problem } from './return-input.ts';

export const MAX_ITEMS = 50;
export const MAX_LABEL = 200;
/** Longest campaign: a year and a bit (a campaign is a project, not a standing report). */
const MAX_CAMPAIGN_DAYS = 400;
const ITEM_KEY = /^[A-Z][A-Z0-9_]{0,39}$/;
const DAY_MS = 86_400_000;
const MAX_FIGURE = 10_000_000;

export interface CampaignItem {
  key: string;
  label: string;
}

export interface CampaignInput {
  name: string;
  fromDate: Date;
  toDate: Date;
  deadline: Date;
  items: readonly CampaignItem[];
  units: readonly string[];
}

export function campaignProblems(input: CampaignInput): Problem[] {
  const problems: Problem[] = [];
  const nameReason = textProblem(input.name, { required: true, max: MAX_LABEL });
  if (nameReason) problems.push({ field: 'name', reason: nameReason });
  if (input.toDate < input.fromDate) problems.push({ field: 'toDate', reason: 'must not be before fromDate' });
  else if ((input.toDate.getTime() - input.fromDate.getTime()) / DAY_MS > MAX_CAMPAIGN_DAYS) problems.push({ field: 'toDate', reason: `a campaign lasts at most ${MAX_CAMPAIGN_DAYS} days` });
  if (input.deadline < input.fromDate) problems.push({ field: 'deadline', reason: 'must not be before fromDate' });
  if (input.items.length === 0 || input.items.length > MAX_ITEMS) problems.push({ field: 'items', reason: `must hold 1 to ${MAX_ITEMS} items` });
  const keys = new Set<string>();
  input.items.forEach((item, i) => {
    if (!ITEM_KEY.test(item.key)) problems.push({ field: `items.${i}.key`, reason: 'must be A–Z, 0–9 and _, starting with a letter, at most 40 characters' });
    else if (keys.has(item.key)) problems.push({ field: `items.${i}.key`, reason: `"${item.key}" appears twice` });
    keys.add(item.key);
    const labelReason = textProblem(item.label, { required: true, max: MAX_LABEL });
    if (labelReason) problems.push({ field: `items.${i}.label`, reason: labelReason });
  });
  const returning = (UNIT_CODES as readonly string[]).filter((u) => u !== 'NGO');
  if (input.units.length === 0) problems.push({ field: 'units', reason: 'name at least one unit' });
  input.units.forEach((unit, i) => {
    if (!returning.includes(unit)) problems.push({ field: `units.${i}`, reason: `"${unit}" is not a network unit that returns forms (${returning.join(', ')})` });
  });
  if (new Set(input.units).size !== input.units.length) problems.push({ field: 'units', reason: 'a unit appears twice' });
  return problems;
}

/** A unit's figures for the form: exactly one whole number per item, nothing else. */
export function figuresProblems(items: readonly CampaignItem[], figures: readonly { key: string; value: number }[]): Problem[] {
  const problems: Problem[] = [];
  const known = new Set(items.map((i) => i.key));
  const seen = new Set<string>();
  figures.forEach((figure, i) => {
    if (!known.has(figure.key)) problems.push({ field: `figures.${i}.key`, reason: `"${figure.key}" is not an item of this campaign's form` });
    else if (seen.has(figure.key)) problems.push({ field: `figures.${i}.key`, reason: `"${figure.key}" appears twice` });
    seen.add(figure.key);
    if (!Number.isInteger(figure.value) || figure.value < 0 || figure.value > MAX_FIGURE) problems.push({ field: `figures.${i}.value`, reason: `must be a whole number from 0 to ${MAX_FIGURE}` });
  });
  const missing = items.filter((item) => !seen.has(item.key)).map((item) => item.key);
  if (missing.length > 0) problems.push({ field: 'figures', reason: `every item needs a figure; missing ${missing.join(', ')}` });
  return problems;
}

/** A form is late when it came in after the deadline day (Taipei time, UTC+8, no daylight saving). */
export function isLate(submittedAt: Date, deadline: Date): boolean {
  const endOfDeadlineDay = deadline.getTime() + DAY_MS - 8 * 3_600_000;
  return submittedAt.getTime() >= endOfDeadlineDay;
}
