// Kept indicator counts are exact: after every kind of change that moves a
// count, the next request counts again and gets what a fresh count gets;
// changes that move nothing of the year asked for (another year's contact,
// a risk level, a change not yet committed) leave the kept counts in use.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { releaseFamiliesOnWelfareCounts } from '../../connectors/welfare-subsidies/indicators.ts';
import { connectPrisma, disconnectPrisma, onStatement } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { caseIndicatorCounts } from '../../src/indicators/case-counts.ts';
import { compactCountChanges, forgetKeptCounts, keptCampaignCounts } from '../../src/indicators/counts-cache.ts';
import { casesOverCampaigns } from '../../src/indicators/campaign-stocks.ts';
import { periodsOfYear, type CountRow } from '../../src/indicators/year-cube.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const sorted = (rows: CountRow[]) => rows.map((r) => `${r.period}|${r.indicator}|${r.district}|${r.numerator}|${r.denominator}`).sort();

describe('kept indicator counts', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  const year = periodsOfYear(2023);

  /** The counts, and whether a case-work statement ran to get them. */
  const caseWork = async () => {
    let counted = false;
    const stop = onStatement((statement) => {
      if (/core\.service_contact|core\.intake|core\."case"/.test(statement)) counted = true;
    });
    try {
      return { rows: sorted(await caseIndicatorCounts(year)), counted };
    } finally {
      stop();
    }
  };
  const fresh = async () => {
    forgetKeptCounts();
    return sorted(await caseIndicatorCounts(year));
  };
  const one = async (query: string) => (await sql.query(query)).rows[0];
  /** A contact on the given day, written in a transaction of its own that `meanwhile` runs inside, then committed. */
  const openContact = async (day: string, meanwhile: () => Promise<void>) => {
    const writer = new pg.Client({ connectionString: db.url });
    await writer.connect();
    try {
      const { id } = await one(`SELECT id FROM core."case" WHERE kind = 'VULNERABLE_FAMILY' ORDER BY id LIMIT 1`);
      await writer.query('BEGIN');
      await writer.query(`INSERT INTO core.service_contact (case_id, kind, contacted_on, unit_code) VALUES ($1, 'VISIT', $2, 'SOCIAL')`, [id, day]);
      await meanwhile();
      await writer.query('COMMIT');
    } finally {
      await writer.end();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    connectPrisma(db.url);
    await seedDemoCity(db.url, { scale: 0.002, seed: 5 });
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  }, 120_000);
  afterAll(async () => {
    await sql.end();
    await disconnectPrisma();
    await db.drop();
  });

  it('counts once, then answers from what it kept while nothing changes', async () => {
    forgetKeptCounts();
    expect((await caseWork()).counted).toBe(true);
    const again = await caseWork();
    expect(again.counted).toBe(false);
    expect(again.rows).toEqual(await fresh());
  });

  it('counts again after a contact of the year, and gets what a fresh count gets', async () => {
    const before = await caseWork();
    const { id } = await one(`SELECT id FROM core."case" WHERE kind = 'VULNERABLE_FAMILY' ORDER BY id LIMIT 1`);
    await sql.query(`INSERT INTO core.service_contact (case_id, kind, contacted_on, unit_code) VALUES ($1, 'VISIT', '2023-05-10', 'SOCIAL')`, [id]);
    const statements: string[] = [];
    const stop = onStatement((statement) => statements.push(statement));
    const after = await caseWork();
    stop();
    expect(after.counted).toBe(true);
    // Only the contacts are counted again: cases in service and intakes stay kept.
    expect(statements.filter((statement) => /VULNERABLE_FAMILY_SERVICES|core\.intake/.test(statement))).toEqual([]);
    expect(after.rows).not.toEqual(before.rows);
    expect(after.rows).toEqual(await fresh());
  });

  it('keeps the year when a contact of another year, or a risk level, changes', async () => {
    await caseWork();
    const { id } = await one(`SELECT id FROM core."case" WHERE kind = 'VULNERABLE_FAMILY' ORDER BY id LIMIT 1`);
    await sql.query(`INSERT INTO core.service_contact (case_id, kind, contacted_on, unit_code) VALUES ($1, 'PHONE', '2021-03-03', 'SOCIAL')`, [id]);
    await sql.query(`UPDATE core."case" SET risk_level = 'HIGH' WHERE id = $1`, [id]);
    expect((await caseWork()).counted).toBe(false);
  });

  it('counts again after a case is closed, a family moves district, an intake is marked a re-report', async () => {
    const changes = [
      `UPDATE core."case" SET status = 'CLOSED', closed_on = '2023-08-20' WHERE id = (SELECT id FROM core."case" WHERE status = 'OPEN' AND opened_on < '2023-06-01' ORDER BY id LIMIT 1)`,
      `UPDATE core.family SET district_code = CASE WHEN district_code = 'HEPING' THEN 'XITUN' ELSE 'HEPING' END WHERE id = (SELECT family_id FROM core.intake WHERE family_id IS NOT NULL AND received_at >= '2023-01-01' AND received_at < '2024-01-01' ORDER BY id LIMIT 1)`,
      `UPDATE core.intake SET re_report = NOT re_report WHERE id = (SELECT id FROM core.intake WHERE kind = 'CHILD_PROTECTION' AND received_at >= '2023-02-01' AND received_at < '2023-12-01' ORDER BY id LIMIT 1)`,
    ];
    for (const change of changes) {
      const before = await caseWork();
      expect((await sql.query(change)).rowCount).toBe(1);
      const after = await caseWork();
      expect(after.counted).toBe(true);
      expect(after.rows).not.toEqual(before.rows);
      expect(after.rows).toEqual(await fresh());
    }
  });

  it('keeps a campaign\'s counts while nothing of its year changes, and counts again after a case changes or for other campaigns', async () => {
    const kept = keptCampaignCounts('test:cases:campaigns', ['cases'], casesOverCampaigns);
    const lunarNewYear = [{ id: 901, from: new Date('2023-01-10T00:00:00Z'), to: new Date('2023-02-16T00:00:00Z') }];
    const counted = async (campaigns: typeof lunarNewYear) => {
      let ran = false;
      const stop = onStatement((statement) => {
        if (statement.includes('core."case"') && statement.includes('unnest')) ran = true;
      });
      try {
        return { counts: await kept(campaigns), ran };
      } finally {
        stop();
      }
    };
    const first = await counted(lunarNewYear);
    expect(first.ran).toBe(true);
    const again = await counted(lunarNewYear);
    expect(again.ran).toBe(false);
    expect(again.counts).toEqual(await casesOverCampaigns(lunarNewYear));
    // Other days are other counts.
    expect((await counted([{ ...lunarNewYear[0]!, to: new Date('2023-02-17T00:00:00Z') }])).ran).toBe(true);
    // A contact moves no case in service: still kept. A case opened in the campaign's days: counted again, as a fresh count.
    const { id } = await one(`SELECT id FROM core."case" WHERE kind = 'VULNERABLE_FAMILY' ORDER BY id LIMIT 1`);
    await sql.query(`INSERT INTO core.service_contact (case_id, kind, contacted_on, unit_code) VALUES ($1, 'VISIT', '2023-01-20', 'SOCIAL')`, [id]);
    expect((await counted(lunarNewYear)).ran).toBe(false);
    await sql.query(
      `INSERT INTO core."case" (kind, status, family_id, owner_unit_code, district_code, opened_on) SELECT kind, 'OPEN', family_id, owner_unit_code, district_code, '2023-01-15' FROM core."case" WHERE id = $1`,
      [id],
    );
    const after = await counted(lunarNewYear);
    expect(after.ran).toBe(true);
    expect(after.counts).toEqual(await casesOverCampaigns(lunarNewYear));
    expect(after.counts).not.toEqual(first.counts);
  });

  it('sees a change only once it commits, and then counts again', async () => {
    await caseWork();
    let during: Awaited<ReturnType<typeof caseWork>> | undefined;
    await openContact('2023-09-09', async () => {
      during = await caseWork();
      expect(during.counted).toBe(false);
    });
    const after = await caseWork();
    expect(after.counted).toBe(true);
    expect(after.rows).not.toEqual(during!.rows);
    expect(after.rows).toEqual(await fresh());
  });

  it('counts a cross-agency cohort again when a welfare status changes and for another cohort, not for a contact', async () => {
    const { person_id: personId } = await one(`SELECT m.person_id FROM core.family_membership m ORDER BY m.id LIMIT 1`);
    const cohort = [{ personId, firstDay: '2023-04-12', lastDay: '2023-04-12' }];
    let counted = 0;
    const stop = onStatement((statement) => {
      if (statement.includes('welfare.status')) counted += 1;
    });
    try {
      const first = await releaseFamiliesOnWelfareCounts(year, cohort);
      await releaseFamiliesOnWelfareCounts(year, cohort);
      expect(counted).toBe(1);
      // A contact moves the case work, not families on welfare: the cohort's counts stay kept.
      const { id } = await one(`SELECT id FROM core."case" ORDER BY id LIMIT 1`);
      await sql.query(`INSERT INTO core.service_contact (case_id, kind, contacted_on, unit_code) VALUES ($1, 'VISIT', '2023-04-04', 'SOCIAL')`, [id]);
      await releaseFamiliesOnWelfareCounts(year, cohort);
      expect(counted).toBe(1);
      await sql.query(`INSERT INTO welfare.status (person_id, kind, valid_from, source_key, synced_at) VALUES ($1, 'LOW_INCOME', '2023-01-01', 'test-kept-counts', now())`, [personId]);
      const after = await releaseFamiliesOnWelfareCounts(year, cohort);
      expect(counted).toBe(2);
      expect(sorted(after)).not.toEqual(sorted(first));
      await releaseFamiliesOnWelfareCounts(year, [{ ...cohort[0]!, firstDay: '2023-05-12', lastDay: '2023-05-12' }]);
      expect(counted).toBe(3);
    } finally {
      stop();
    }
  });

  it('keeps counts across the hourly compaction, and counts again after as many changes as it folded', async () => {
    const contactsOfTheYear = async () => (await one(`SELECT count(*)::int AS n FROM core.count_change WHERE what = 'contacts' AND year IN (0, 2023)`)).n as number;
    const kept = await caseWork();
    const folded = await contactsOfTheYear();
    expect(folded).toBeGreaterThan(0);
    expect(await compactCountChanges()).toBeGreaterThanOrEqual(folded);
    expect(await one(`SELECT count(*)::int AS n FROM core.count_change`)).toEqual({ n: 0 });
    // Nothing changed: the folded rows are in the totals, the number read is the same.
    expect((await caseWork()).counted).toBe(false);
    // As many contacts as were folded, one transaction each: with the totals ignored the number would read as before.
    const { id } = await one(`SELECT id FROM core."case" WHERE kind = 'VULNERABLE_FAMILY' ORDER BY id LIMIT 1`);
    for (let i = 0; i < folded; i++) await sql.query(`INSERT INTO core.service_contact (case_id, kind, contacted_on, unit_code) VALUES ($1, 'PHONE', '2023-10-0${1 + (i % 9)}', 'SOCIAL')`, [id]);
    expect(await contactsOfTheYear()).toBe(folded);
    const after = await caseWork();
    expect(after.counted).toBe(true);
    expect(after.rows).not.toEqual(kept.rows);
    expect(after.rows).toEqual(await fresh());
  });

  it('leaves a change still open to the next compaction, and counts again once it commits', async () => {
    await caseWork();
    await openContact('2023-11-11', async () => {
      await compactCountChanges();
    });
    expect(await one(`SELECT count(*)::int AS n FROM core.count_change WHERE year = 2023 AND what = 'contacts'`)).toEqual({ n: 1 });
    const after = await caseWork();
    expect(after.counted).toBe(true);
    expect(after.rows).toEqual(await fresh());
  });

  it('keeps counts per database: another database with as many changes is counted, not answered from the first', async () => {
    // Two cities seeded the same way (one transaction each): as many change rows per year and kind, other counts.
    const [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await Promise.all([seedDemoCity(first.url, { scale: 0.002, seed: 6 }), seedDemoCity(second.url, { scale: 0.002, seed: 7 })]);
    try {
      await disconnectPrisma();
      connectPrisma(first.url);
      await caseWork();
      const changes = async (url: string) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          return (await client.query(`SELECT what, count(*)::int AS n FROM core.count_change WHERE year IN (0, 2023) GROUP BY what ORDER BY what`)).rows;
        } finally {
          await client.end();
        }
      };
      expect(await changes(second.url)).toEqual(await changes(first.url));
      await disconnectPrisma();
      connectPrisma(second.url);
      const elsewhere = await caseWork();
      expect(elsewhere.counted).toBe(true);
      expect(elsewhere.rows).toEqual(await fresh());
    } finally {
      await disconnectPrisma();
      await Promise.all([first.drop(), second.drop()]);
      connectPrisma(db.url);
    }
  }, 120_000);

  it('counts a year after the current one every time (an open case counts in every year to come)', async () => {
    const future = periodsOfYear(new Date().getUTCFullYear() + 1);
    let counted = 0;
    const stop = onStatement((statement) => {
      if (statement.includes('core.service_contact')) counted += 1;
    });
    try {
      await caseIndicatorCounts(future);
      await caseIndicatorCounts(future);
      expect(counted).toBe(2);
    } finally {
      stop();
    }
  });
});
