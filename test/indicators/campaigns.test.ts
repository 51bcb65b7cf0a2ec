// Campaigns: a date range and a form every unit named returns by a deadline
// (the Lunar New Year care project, 10 January – 16 February). The
// secretariat creates them and sees who has not returned; each unit sees only
// its own form; a unit not named, an NGO or an analyst reaches nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { print } from 'graphql';
import { CampaignsDocument, CreateCampaignDocument, SubmitCampaignReturnDocument } from '../../src/client/graphql.ts';
import { prisma } from '../../src/db/prisma.ts';
import type { HubServer } from '../../src/server/app.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { gid } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const SECRETARIAT: Caller = { unit: 'SOCIAL', sub: 'w-secretariat', roles: ['SUPERVISOR'], purpose: null };
const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-campaign', purpose: null };
const HEALTH: Caller = { unit: 'HEALTH', sub: 'w-health-campaign', purpose: null };
const LABOR: Caller = { unit: 'LABOR', sub: 'w-labor-campaign', purpose: null };
const EDUCATION_SUPERVISOR: Caller = { unit: 'EDUCATION', sub: 'w-edu-sup-campaign', roles: ['SUPERVISOR'], purpose: null };
const NGO: Caller = { unit: 'NGO', sub: 'w-ngo-campaign', org: 1, purpose: null };
const ANALYST: Caller = { unit: 'SOCIAL', sub: 'dashboard', roles: ['ANALYST'], purpose: null };

const LUNAR_NEW_YEAR = {
  name: '113年春節關懷專案',
  fromDate: '2024-01-10',
  toDate: '2024-02-16',
  deadline: '2024-02-23',
  items: [{ key: 'HOUSEHOLDS_REACHED', label: '關懷家戶數' }, { key: 'VISITS', label: '訪視人次' }],
  units: ['SOCIAL', 'HEALTH', 'EDUCATION'],
};

describe('campaigns', () => {
  let hub: TestHub;
  let core: HubServer;
  let campaignId: string;

  beforeAll(async () => {
    hub = await startTestHub();
    core = await startCoreSubgraph(hub);
  });
  afterAll(async () => {
    await core.stop();
    await hub.stop();
  });

  const create = (input: Record<string, unknown>, caller: Caller = SECRETARIAT) => hub.query(print(CreateCampaignDocument), { input }, caller);
  const fill = (figures: { key: string; value: number }[], caller: Caller, id = campaignId, note?: string) =>
    hub.query(print(SubmitCampaignReturnDocument), { campaignId: id, figures, note }, caller);
  const campaigns = async (caller: Caller) => {
    const response = await hub.query(print(CampaignsDocument), {}, caller);
    expect(response.errors).toBeUndefined();
    return response.data!.campaigns;
  };

  it('is created by the secretariat, audited', async () => {
    const response = await create(LUNAR_NEW_YEAR);
    expect(response.errors).toBeUndefined();
    expect(response.data!.createCampaign).toMatchObject({ ok: true, campaign: { name: '113年春節關懷專案', fromDate: '2024-01-10', toDate: '2024-02-16', units: ['SOCIAL', 'HEALTH', 'EDUCATION'] } });
    campaignId = response.data!.createCampaign.campaign.id;
    const entries = await prisma().$queryRaw<{ records: string[] }[]>`SELECT records FROM audit.entry WHERE operation = 'CreateCampaign' AND kind = 'WRITE'`;
    expect(entries).toHaveLength(1);
    expect(entries[0]!.records[0]).toMatch(/^Campaign:\d+$/);
  });

  it('is created by nobody else', async () => {
    for (const caller of [SOCIAL, HEALTH, EDUCATION_SUPERVISOR, NGO, ANALYST]) {
      expect((await create(LUNAR_NEW_YEAR, caller)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await prisma().campaign.count()).toBe(1);
  });

  it('refuses a campaign that is not one, naming each field', async () => {
    const response = await create({
      ...LUNAR_NEW_YEAR,
      name: '',
      toDate: '2024-01-01',
      deadline: '2023-12-01',
      items: [{ key: 'visits', label: '訪視' }, { key: 'A', label: '' }, { key: 'A', label: '重複' }],
      units: ['NGO', 'SOCIAL', 'SOCIAL'],
    });
    expect(response.data!.createCampaign.inputErrors).toEqual([
      { field: 'input.name', reason: 'must not be empty' },
      { field: 'input.toDate', reason: 'must not be before fromDate' },
      { field: 'input.deadline', reason: 'must not be before fromDate' },
      { field: 'input.items.0.key', reason: 'must be A–Z, 0–9 and _, starting with a letter, at most 40 characters' },
      { field: 'input.items.1.label', reason: 'must not be empty' },
      { field: 'input.items.2.key', reason: '"A" appears twice' },
      { field: 'input.units.0', reason: '"NGO" is not a network unit that returns forms (SOCIAL, PROTECTION, HEALTH, EDUCATION, LABOR, POLICE, JUSTICE, CIVIL_AFFAIRS, INDIGENOUS)' },
      { field: 'input.units', reason: 'a unit appears twice' },
    ]);
    expect(await prisma().campaign.count()).toBe(1);
  });

  it('takes each named unit\'s form once per unit (a second replaces the first) and marks late forms', async () => {
    const first = await fill([{ key: 'HOUSEHOLDS_REACHED', value: 1200 }, { key: 'VISITS', value: 3400 }], SOCIAL, campaignId, '含14家福中心');
    expect(first.data!.submitCampaignReturn).toMatchObject({ ok: true, campaignReturn: { unit: 'SOCIAL', late: true } });
    const second = await fill([{ key: 'HOUSEHOLDS_REACHED', value: 1250 }, { key: 'VISITS', value: 3400 }], SOCIAL);
    expect(second.data!.submitCampaignReturn.ok).toBe(true);
    expect(await prisma().campaignReturn.count()).toBe(2);
    expect(await prisma().campaignReturn.count({ where: { supersededAt: null } })).toBe(1);
  });

  it('shows the secretariat who has not returned and the totals; a unit only its own form', async () => {
    await fill([{ key: 'HOUSEHOLDS_REACHED', value: 80 }, { key: 'VISITS', value: 95 }], HEALTH);
    const [seen] = await campaigns(SECRETARIAT);
    expect(seen.outstandingUnits).toEqual(['EDUCATION']);
    expect(seen.totals).toEqual([{ key: 'HOUSEHOLDS_REACHED', value: 1330 }, { key: 'VISITS', value: 3495 }]);
    expect(seen.returns.map((r: { unit: string }) => r.unit)).toEqual(['HEALTH', 'SOCIAL']);
    const [health] = await campaigns(HEALTH);
    expect(health).toMatchObject({ outstandingUnits: null, totals: null });
    expect(health.returns.map((r: { unit: string }) => r.unit)).toEqual(['HEALTH']);
    expect(await campaigns(EDUCATION_SUPERVISOR)).toHaveLength(1);
  });

  it('answers a unit that is not named, and a bad id, as if the campaign did not exist', async () => {
    expect(await campaigns(LABOR)).toEqual([]);
    expect((await hub.query('query ($id: ID!) { campaign(id: $id) { name } }', { id: campaignId }, LABOR)).data!.campaign).toBeNull();
    for (const id of [campaignId, gid('Campaign', 999_999), gid('Person', 1), 'garbage']) {
      const response = await fill([{ key: 'HOUSEHOLDS_REACHED', value: 1 }, { key: 'VISITS', value: 1 }], id === campaignId ? LABOR : HEALTH, id);
      expect(response.data!.submitCampaignReturn).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
  });

  it('is refused to NGOs and analysts, through the gateway and at the core subgraph called directly', async () => {
    for (const caller of [NGO, ANALYST]) {
      expect((await hub.query(print(CampaignsDocument), {}, caller)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await fill([{ key: 'VISITS', value: 1 }], caller)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const body = await askSubgraph(core, hub, caller, print(CampaignsDocument));
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('refuses a form that does not fit, naming each figure, and keeps the one returned', async () => {
    const response = await fill([{ key: 'VISITS', value: -3 }, { key: 'GIFTS', value: 2 }, { key: 'VISITS', value: 1 }], HEALTH);
    expect(response.data!.submitCampaignReturn.inputErrors).toEqual([
      { field: 'figures.0.value', reason: 'must be a whole number from 0 to 10000000' },
      { field: 'figures.1.key', reason: '"GIFTS" is not an item of this campaign\'s form' },
      { field: 'figures.2.key', reason: '"VISITS" appears twice' },
      { field: 'figures', reason: 'every item needs a figure; missing HOUSEHOLDS_REACHED' },
    ]);
    const [seen] = await campaigns(SECRETARIAT);
    expect(seen.returns.find((r: { unit: string }) => r.unit === 'HEALTH').figures).toEqual([{ key: 'HOUSEHOLDS_REACHED', value: 80 }, { key: 'VISITS', value: 95 }]);
  });

  it('marks a form returned by the deadline day as on time', async () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    const open = await create({ ...LUNAR_NEW_YEAR, name: '即時專案', fromDate: daysAgo(10), toDate: daysAgo(0), deadline: daysAgo(-1), units: ['LABOR'] });
    const id = open.data!.createCampaign.campaign.id;
    const form = await fill([{ key: 'HOUSEHOLDS_REACHED', value: 1 }, { key: 'VISITS', value: 2 }], LABOR, id);
    expect(form.data!.submitCampaignReturn.campaignReturn.late).toBe(false);
  });
});
