// The welfare system's exports for a seed scenario (src/demo-city/scenarios.ts):
// the records its figures count are there exactly once each, dated in the
// scenario's year and written so the connector takes them in and links them
// by national ID (full-width IDs, Big5 and a repeated row stay: the
// connector undoes those). Beside them are records the year's figures must
// leave out (the month before the year, visits the year after, expired
// certificates) and rows with the quirks that send a record to quarantine.
import pg from 'pg';
import { pickedEvenly } from '../../src/demo-city/exact.ts';
import type { Scenario } from '../../src/demo-city/scenarios.ts';
import { formatRocDate } from '../kit/roc-date.ts';
import { HEADERS, linkableIdentity, rocMonth, selectPersons, statusAndSubsidies, utc, writeExports, type DemoPerson, type Table } from './demo-exports.ts';

/** Persons beyond the counted certificate holders, for the rows that go to quarantine. */
const QUARANTINED_HOLDERS = 3;

const accountNumber = (child: DemoPerson) => `EDA${String(child.id).padStart(9, '0')}`;
const shifted = (date: Date, years: number, days = 0) => utc(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate() + days);

/**
 * Each child's account was opened before the year, so every month of it has
 * a row: accounts × 12 account-months, `missedMonths` of them without a
 * deposit. Follow-up visits come the month after a missed month, so those
 * of January to November fall in the year; the December ones fall in the
 * next and are not counted.
 */
function developmentAccounts(children: DemoPerson[], scenario: Scenario): { deposits: Table; followups: Table } {
  const { year } = scenario;
  const [missedPer, per] = scenario.welfare.missedMonths;
  const accountMonths = children.length * 12;
  const missedTotal = (accountMonths * missedPer) / per;
  if (!Number.isInteger(missedTotal)) throw new Error(`${accountMonths} account-months cannot have exactly ${missedPer} of every ${per} without a deposit`);
  const deposits: Table = [[...HEADERS.deposits]];
  const followups: Table = [[...HEADERS.followups]];
  const missed: { child: DemoPerson; month: Date }[] = [];
  let accountMonth = 0;
  children.forEach((child, index) => {
    const born = child.birth_date;
    // Accounts opened from June 2017 (the programme's start) or at birth after it.
    const openedOn = born > utc(2017, 5, 1) ? born : utc(2017, 5, 1 + (child.id % 28));
    const row = (month: Date, amount: number) => [accountNumber(child), ...linkableIdentity(child), formatRocDate(openedOn), rocMonth(month), amount.toLocaleString('en-US')];
    const deposit = [500, 1_000, 1_250][child.id % 3]!;
    if (index % 10 === 0) deposits.push(row(utc(year - 1, 11, 1), deposit));
    for (let m = 0; m < 12; m++) {
      const month = utc(year, m, 1);
      const deposited = !pickedEvenly(accountMonth++, missedTotal, accountMonths);
      const written = row(month, deposited ? deposit : 0);
      deposits.push(written);
      // Exported twice, as the system sometimes does; the connector merges the two.
      if (index === 1 && m === 0) deposits.push(written);
      if (!deposited) missed.push({ child, month });
    }
  });
  // Quarantined: a month the system cannot have written.
  deposits.push([accountNumber(children[0]!), ...linkableIdentity(children[0]!), formatRocDate(utc(2017, 5, 1)), `${year - 1911}/13`, '500']);

  const visit = ({ child, month }: { child: DemoPerson; month: Date }, on: Date) => [accountNumber(child), ...linkableIdentity(child), rocMonth(month), formatRocDate(on)];
  const nextMonth = (month: Date, child: DemoPerson) => utc(year, month.getUTCMonth() + 1, 5 + (child.id % 20));
  const inYear = missed.filter((m) => m.month.getUTCMonth() < 11);
  const wanted = scenario.welfare.followupVisits;
  if (inYear.length < wanted) throw new Error(`only ${inYear.length} missed months can be visited within ${year}; ${wanted} visits wanted`);
  inYear.forEach((m, i) => {
    if (pickedEvenly(i, wanted, inYear.length)) followups.push(visit(m, nextMonth(m.month, m.child)));
  });
  for (const m of missed.filter((m) => m.month.getUTCMonth() === 11)) followups.push(visit(m, nextMonth(m.month, m.child)));
  // Quarantined: a visit dated before the month it follows up.
  followups.push(visit(inYear[0]!, shifted(inYear[0]!.month, 0, -10)));
  return { deposits, followups };
}

/**
 * Certificates valid during the year for the counted holders (some renewed
 * one expired before it), needs-assessment visits during the year to
 * `needsVisits` of them and a few the next January; then the quarantined:
 * an unknown category, an impossible birth date (on a row without an ID), an
 * impossible visit date.
 */
function disability(holders: DemoPerson[], scenario: Scenario): { certificates: Table; visits: Table } {
  const { year } = scenario;
  const { certificates: counted, needsVisits } = scenario.welfare;
  const certificates: Table = [[...HEADERS.certificates]];
  const visits: Table = [[...HEADERS.visits]];
  const yearStart = utc(year, 0, 1);
  holders.slice(0, counted).forEach((p, i) => {
    // From 4 years before the year to within it; reassessed after five years, so valid all through the year, some without an end.
    const validFrom = utc(year - 4 + (p.id % 5), p.id % 12, 1 + (p.id % 28));
    const validTo = p.id % 9 === 0 ? '' : formatRocDate(shifted(validFrom, 5, -1));
    const row = [...linkableIdentity(p), String(1 + (p.id % 8)), String(1 + (p.id % 4)), formatRocDate(validFrom), validTo];
    certificates.push(row);
    if (i === 2) certificates.push(row);
    if (p.id % 10 === 0 && validFrom < yearStart) {
      certificates.push([...linkableIdentity(p), String(1 + (p.id % 8)), String(1 + ((p.id + 1) % 4)), formatRocDate(shifted(validFrom, -5)), formatRocDate(shifted(validFrom, 0, -1))]);
    }
    if (!pickedEvenly(i, needsVisits, counted)) return;
    visits.push([...linkableIdentity(p), formatRocDate(utc(year, p.id % 12, 1 + (p.id % 28)))]);
    if (p.id % 25 === 0) visits.push([...linkableIdentity(p), formatRocDate(utc(year + 1, 0, 5 + (p.id % 20)))]);
  });
  const [unknownCategory, badBirth, badVisit] = holders.slice(counted);
  certificates.push([...linkableIdentity(unknownCategory!), '9', '1', formatRocDate(utc(year - 1, 3, 1)), '']);
  // No ID: with one, the record would link by ID and name and be stored with a data-quality note.
  certificates.push(['', linkableIdentity(badBirth!)[1]!, `${year - 1911}/02/30`, '2', '2', formatRocDate(utc(year - 1, 3, 1)), '']);
  visits.push([...linkableIdentity(badVisit!), `${year - 1911}/02/30`]);
  return { certificates, visits };
}

export async function generateScenarioWelfareDrop(databaseUrl: string, folder: string, scenario: Scenario): Promise<number> {
  const { accounts, certificates } = scenario.welfare;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const yearStart = `${scenario.year}-01-01`;
    // Minors born before the year: the showcase family's, then the status households'.
    const children = await selectPersons(
      client,
      `AND p.national_id IS NOT NULL AND p.birth_date < $1::date AND date_part('year', age($1::date, p.birth_date)) < 18
       ORDER BY (m.family_id = 1) DESC, (m.family_id % 25 IN (1, 2)) DESC, md5(p.id::text) LIMIT $2`,
      [yearStart, accounts],
    );
    if (children.length < accounts) throw new Error(`Scenario ${scenario.name}: ${accounts} development accounts need as many children; the city has ${children.length}`);
    // The development accounts are for children of low- and middle-low-income households, so theirs hold a status too.
    const households = await selectPersons(client, 'AND (m.family_id % 25 IN (1, 2) OR m.family_id = ANY($1::int[])) ORDER BY m.family_id, p.id', [
      [...new Set(children.map((c) => c.family_id))],
    ]);
    // The showcase grandparent first: the first holder is always among the visited.
    const holders = await selectPersons(
      client,
      `AND p.national_id IS NOT NULL ORDER BY (m.family_id = 1 AND m.relationship = 'PARENT') DESC, md5('certificate' || p.id) LIMIT $1`,
      [certificates + QUARANTINED_HOLDERS],
    );
    if (holders.length < certificates + QUARANTINED_HOLDERS) throw new Error(`Scenario ${scenario.name}: ${certificates} disability certificates need as many persons with an ID; the city has ${holders.length}`);
    return await writeExports(folder, { ...statusAndSubsidies(households), ...developmentAccounts(children, scenario), ...disability(holders, scenario) });
  } finally {
    await client.end();
  }
}
