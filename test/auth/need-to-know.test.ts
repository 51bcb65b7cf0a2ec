// Need-to-know cannot be self-granted (issue 10, findings 1 and 5). What a
// unit reads of a family beyond the masks comes only from what another party
// granted or the law assigns: an open case it owns, an NGO assignment, a
// referral it received (pending: the referred person's name and birth date;
// accepted: everything), a referral it sent while it already served the
// family, or the worker's own break-glass grant. Never from a referral or a
// report it made alone about a family it does not serve.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import type { UnitCode } from '../../src/domain/codes.ts';
import { gid } from '../support/fixtures.ts';
import {
  addCase,
  addGrant,
  addOrganization,
  addReferral,
  assign,
  buildFamily,
  buildProtectedFamily,
  closeCase,
  RESIDENTS,
  worker,
  type ScopeFamily,
} from '../support/scope-fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type GraphQLResponse, type TestHub } from '../support/test-hub.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startSubgraphServer } from '../../src/server/app.ts';

const VIEW = `query FamilyView($id: ID!) { family(id: $id) {
  address cases { kind } intakes { kind } servingUnits { unit { code } }
  members { person { name birthDate nationalId address } } } }`;
const PAYLOAD = 'ok error { code message } inputErrors { field reason }';
const REFER = `mutation Probe($input: CreateReferralInput!) { createReferral(input: $input) { ${PAYLOAD} referral { id } } }`;
const REPORT = `mutation Report($input: CreateIntakeInput!) { createIntake(input: $input) { ${PAYLOAD} intake { id } } }`;
const ACCEPT = `mutation Accept($id: ID!) { acceptReferral(id: $id) { ${PAYLOAD} } }`;
const BREAK_GLASS = `mutation BreakGlass($input: RequestEmergencyAccessInput!) {
  requestEmergencyAccess(input: $input) { ${PAYLOAD} emergencyAccess { id reason grantedAt expiresAt } } }`;
const REVIEWS = 'query Reviews { emergencyAccessReviews { id reason grantedAt expiresAt reviewedAt requestedBy family { id } } }';
const REVIEW = `mutation Review($id: ID!, $note: String!) { reviewEmergencyAccess(id: $id, note: $note) { ok error { code } } }`;
const FAMILIES = 'query Families { families(first: 100) { totalCount edges { node { id } } } }';

const AUDITOR: Caller = { unit: 'SOCIAL', sub: 'w-auditor', roles: ['AUDITOR'], purpose: 'AUDIT' };

/** A family view reduced to what need-to-know decides: the data (serving units as sorted codes) and the denied paths. */
interface FamilyView {
  family: Record<string, unknown> | null;
  denied: string[];
  otherErrors: string[];
}

function familyViewOf(response: GraphQLResponse): FamilyView {
  const errors = response.errors ?? [];
  const family = response.data?.family ?? null;
  const servingUnits = family?.servingUnits as { unit: { code: string } }[] | null | undefined;
  return {
    family: family && { ...family, servingUnits: servingUnits ? [...new Set(servingUnits.map((s) => s.unit.code))].sort() : servingUnits },
    denied: errors.filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.join('.') ?? '(no path)').sort(),
    otherErrors: errors.filter((e) => e.extensions?.code !== 'FORBIDDEN').map((e) => `${e.extensions?.code}: ${e.message}`),
  };
}

/** What a unit without need-to-know reads: names and addresses masked, birth years, everything else denied. */
function strangerView(family: ScopeFamily): FamilyView {
  return {
    family: {
      address: family.maskedAddress,
      cases: null,
      intakes: null,
      servingUnits: null,
      members: RESIDENTS.map((r) => ({ person: { name: r.maskedName, birthDate: r.birthYear, nationalId: null, address: family.maskedAddress } })),
    },
    denied: ['family.cases', 'family.intakes', 'family.members.0.person.nationalId', 'family.members.1.person.nationalId', 'family.servingUnits'].sort(),
    otherErrors: [],
  };
}

/** A unit deciding on a pending referral about the father: his full name and birth date, nothing more. */
function decidingView(family: ScopeFamily): FamilyView {
  const view = strangerView(family);
  const members = view.family!.members as { person: Record<string, unknown> }[];
  members[0]!.person = { ...members[0]!.person, name: RESIDENTS[0].name, birthDate: RESIDENTS[0].birthDate };
  return view;
}

/**
 * What a related unit reads (one the policy table does not treat apart, as it
 * does PROTECTION, CIVIL_AFFAIRS and NGOs): everything, national IDs masked.
 */
function relatedView(family: ScopeFamily, seen: { cases: string[]; intakes: string[]; servingUnits: UnitCode[] }): FamilyView {
  return {
    family: {
      address: family.address,
      cases: seen.cases.map((kind) => ({ kind })),
      intakes: seen.intakes.map((kind) => ({ kind })),
      servingUnits: [...seen.servingUnits].sort(),
      members: RESIDENTS.map((r, i) => ({
        person: { name: r.name, birthDate: r.birthDate, nationalId: family.maskedNationalIds[i], address: family.address },
      })),
    },
    denied: [],
    otherErrors: [],
  };
}

/** The protected family as its own protection case makes it look to a related unit. */
const PROTECTED = { cases: ['CHILD_PROTECTION'], intakes: ['CHILD_PROTECTION'] };

describe('need-to-know cannot be self-granted', () => {
  let hub: TestHub;
  let ngoOrg: number;
  /** The family the NGO is assigned to (through SOCIAL's case). */
  let ngoFamily: ScopeFamily;

  beforeAll(async () => {
    hub = await startTestHub();
    ngoOrg = await addOrganization('家扶基金會');
    ngoFamily = await buildFamily();
    await assign(await addCase(ngoFamily, 'SOCIAL'), ngoOrg);
  });
  afterAll(() => hub.stop());

  const view = async (family: ScopeFamily, caller: Caller) => familyViewOf(await hub.query(VIEW, { id: family.id }, caller));
  const refer = async (family: ScopeFamily, toUnit: UnitCode, caller: Caller, person = 0) =>
    hub.query(REFER, { input: { personId: family.personGids[person], toUnit, reason: 'probe' } }, caller);
  const report = async (family: ScopeFamily, caller: Caller) =>
    hub.query(REPORT, { input: { kind: 'CHILD_PROTECTION', familyId: family.id } }, caller);

  describe('acting alone on a family served only by PROTECTION changes nothing the unit reads', () => {
    const PROBES: { label: string; caller: Caller; act: 'refer' | 'report' }[] = [
      { label: 'POLICE refers the father to EDUCATION', caller: worker('POLICE', 'CASEWORKER', { sub: 'w-police-probe' }), act: 'refer' },
      { label: 'LABOR refers the father to EDUCATION', caller: worker('LABOR', 'CASEWORKER', { sub: 'w-labor-probe' }), act: 'refer' },
      { label: 'INDIGENOUS refers the father to EDUCATION', caller: worker('INDIGENOUS', 'CASEWORKER', { sub: 'w-indigenous-probe' }), act: 'refer' },
      { label: 'POLICE reports the family (createIntake)', caller: worker('POLICE', 'CASEWORKER', { sub: 'w-police-reporter' }), act: 'report' },
      { label: 'LABOR reports the family (createIntake)', caller: worker('LABOR', 'CASEWORKER', { sub: 'w-labor-reporter' }), act: 'report' },
    ];
    const probed = new Map<string, ScopeFamily>();

    beforeAll(async () => {
      for (const probe of PROBES) probed.set(probe.label, await buildProtectedFamily());
    });

    it.each(PROBES)('$label: the write succeeds and the next family view is the same stranger view', async ({ label, caller, act }) => {
      const family = probed.get(label)!;
      const before = await view(family, caller);
      expect(before).toEqual(strangerView(family));

      const response = act === 'refer' ? await refer(family, 'EDUCATION', caller) : await report(family, caller);
      expect(response.errors).toBeUndefined();
      expect(response.data![act === 'refer' ? 'createReferral' : 'createIntake']).toMatchObject({ ok: true, error: null, inputErrors: [] });

      expect(await view(family, caller)).toEqual(before);
    });

    it('an NGO cannot refer a person outside its assigned families: NOT_FOUND, and the family stays hidden', async () => {
      const family = await buildProtectedFamily();
      const ngo = worker('NGO', 'CASEWORKER', { sub: 'w-ngo-probe', org: ngoOrg });
      const hidden = { family: null, denied: [], otherErrors: [] };
      expect(await view(family, ngo)).toEqual(hidden);

      const response = await refer(family, 'SOCIAL', ngo);
      expect(response).toEqual({
        data: {
          createReferral: {
            ok: false,
            error: { code: 'NOT_FOUND', message: 'personId: no such person' },
            inputErrors: [{ field: 'personId', reason: 'no such person' }],
            referral: null,
          },
        },
      });
      expect(await prisma().referral.count({ where: { familyId: family.familyId } })).toBe(0);
      expect(await view(family, ngo)).toEqual(hidden);
    });
  });

  describe('a referral the unit received', () => {
    const POLICE = worker('POLICE', 'CASEWORKER', { sub: 'w-police-referrer' });
    const LABOR = worker('LABOR', 'CASEWORKER', { sub: 'w-labor-receiver' });

    it('PENDING: the receiving unit reads the referred person’s full name and birth date, nothing else', async () => {
      const family = await buildProtectedFamily();
      expect(await view(family, LABOR)).toEqual(strangerView(family));
      expect((await refer(family, 'LABOR', POLICE)).data!.createReferral.ok).toBe(true);

      expect(await view(family, LABOR)).toEqual(decidingView(family));
      expect(await view(family, POLICE)).toEqual(strangerView(family));
    });

    it('ACCEPTED: the receiving unit reads the full related view; the sender, which did not serve the family, still does not', async () => {
      const family = await buildProtectedFamily();
      const sent = await refer(family, 'LABOR', POLICE);
      expect(sent.data!.createReferral.ok).toBe(true);
      const accepted = await hub.query(ACCEPT, { id: sent.data!.createReferral.referral.id }, LABOR);
      expect(accepted.data!.acceptReferral).toEqual({ ok: true, error: null, inputErrors: [] });

      expect(await view(family, LABOR)).toEqual(relatedView(family, { ...PROTECTED, servingUnits: ['LABOR', 'PROTECTION'] }));
      expect(await view(family, POLICE)).toEqual(strangerView(family));
    });
  });

  describe('a referral the unit sent', () => {
    const SENDERS: { label: string; unit: UnitCode; toUnit: UnitCode; caseWhenSending: 'OPEN' | 'CLOSED'; keepsAccess: boolean }[] = [
      { label: 'SOCIAL, serving the family (an open case) when it sends, keeps need-to-know after its case closes', unit: 'SOCIAL', toUnit: 'HEALTH', caseWhenSending: 'OPEN', keepsAccess: true },
      { label: 'HEALTH, whose case had closed before it sends, gains none', unit: 'HEALTH', toUnit: 'LABOR', caseWhenSending: 'CLOSED', keepsAccess: false },
    ];

    it.each(SENDERS)('$label', async ({ unit, toUnit, caseWhenSending, keepsAccess }) => {
      const family = await buildFamily();
      const caseId = await addCase(family, unit, { status: caseWhenSending });
      const sender = worker(unit, 'CASEWORKER', { sub: `w-${unit.toLowerCase()}-sender` });
      const seen = { cases: ['VULNERABLE_FAMILY'], intakes: [], servingUnits: [toUnit] };

      expect((await refer(family, toUnit, sender)).data!.createReferral.ok).toBe(true);
      if (caseWhenSending === 'OPEN') await closeCase(caseId);

      expect(await view(family, sender)).toEqual(keepsAccess ? relatedView(family, seen) : strangerView(family));
    });
  });

  describe('the family list (no browsing)', () => {
    const JUSTICE = worker('JUSTICE', 'CASEWORKER', { sub: 'w-justice-list' });
    const listed: Partial<Record<string, ScopeFamily>> = {};
    let beitun: ScopeFamily;

    beforeAll(async () => {
      const build = async (key: string) => (listed[key] = await buildFamily());
      await addCase(await build('open JUSTICE case'), 'JUSTICE');
      await addReferral(await build('PENDING referral to JUSTICE'), 'SOCIAL', 'JUSTICE', 'PENDING');
      await addReferral(await build('ACCEPTED referral to JUSTICE'), 'SOCIAL', 'JUSTICE', 'ACCEPTED');
      await addReferral(await build('DECLINED referral to JUSTICE'), 'SOCIAL', 'JUSTICE', 'DECLINED');
      await addCase(await build('closed JUSTICE case'), 'JUSTICE', { status: 'CLOSED' });
      expect((await refer(await build('referral JUSTICE sent'), 'SOCIAL', JUSTICE)).data!.createReferral.ok).toBe(true);
      expect((await report(await build('report JUSTICE made'), JUSTICE)).data!.createIntake.ok).toBe(true);
      const police = worker('POLICE', 'CASEWORKER', { sub: 'w-police-list' });
      expect((await refer(await build('referral POLICE sent'), 'SOCIAL', police)).data!.createReferral.ok).toBe(true);
      expect((await report(await build('report POLICE made'), police)).data!.createIntake.ok).toBe(true);
      await assign(await addCase(await build('ended NGO assignment'), 'SOCIAL'), ngoOrg, { ended: true });
      // Handed back (or ended by the owning unit) today: no access, although its dates still cover today.
      const handedBack = await addCase(await build('handed-back NGO assignment'), 'SOCIAL');
      await prisma().assignment.create({
        data: { caseId: handedBack, organizationId: ngoOrg, startDate: new Date('2023-02-01'), endDate: new Date(Date.now() + 86_400_000), status: 'HANDED_BACK', endedAt: new Date(), endedBy: 'w-ngo', endReason: '交還' },
      });
      // Referrals to NGO: the organisation that accepted one addressed to it serves the family; another organisation does not.
      const toOrg = async (key: string, org: number) => {
        const id = await addReferral(await build(key), 'SOCIAL', 'NGO', 'ACCEPTED');
        await prisma().referral.update({ where: { id }, data: { toOrganizationId: org } });
      };
      await toOrg('ACCEPTED referral to the NGO', ngoOrg);
      await toOrg('ACCEPTED referral to another NGO', await addOrganization('另一基金會'));
      beitun = await buildFamily('BEITUN');
    });

    const list = async (caller: Caller) => {
      const response = await hub.query(FAMILIES, {}, caller);
      expect(response.errors).toBeUndefined();
      const families = response.data!.families as { totalCount: number; edges: { node: { id: string } }[] };
      return { totalCount: families.totalCount, ids: families.edges.map((e) => e.node.id) };
    };
    const idsOf = (...keys: string[]) => keys.map((key) => listed[key]!).sort((a, b) => a.familyId - b.familyId).map((f) => f.id);

    it('lists for a unit only the families it owns an open case on or received a pending or accepted referral about', async () => {
      const ids = idsOf('open JUSTICE case', 'PENDING referral to JUSTICE', 'ACCEPTED referral to JUSTICE');
      expect(await list(JUSTICE)).toEqual({ totalCount: ids.length, ids });
    });

    it('lists nothing for a POLICE caseworker whose unit only sent referrals and reports about families it does not serve', async () => {
      expect(await list(worker('POLICE', 'CASEWORKER', { sub: 'w-police-list' }))).toEqual({ totalCount: 0, ids: [] });
    });

    it('lists for an NGO worker only the families of its active assignments and of referrals to it that it accepted', async () => {
      const ids = [ngoFamily.id, ...idsOf('ACCEPTED referral to the NGO')];
      const ngo = worker('NGO', 'CASEWORKER', { sub: 'w-ngo-list', org: ngoOrg });
      expect(await list(ngo)).toEqual({ totalCount: 2, ids });
      // The per-row form agrees: the accepted referral's family reads as served, the handed-back one as not found.
      expect((await view(listed['ACCEPTED referral to the NGO']!, ngo)).family).toMatchObject({ address: listed['ACCEPTED referral to the NGO']!.address });
      expect((await view(listed['handed-back NGO assignment']!, ngo)).family).toBeNull();
      expect((await view(listed['ACCEPTED referral to another NGO']!, ngo)).family).toBeNull();
    });

    it('lists for a district-bound caseworker the families of its districts', async () => {
      const xitun = await prisma().family.findMany({ where: { districtCode: 'XITUN' }, orderBy: { id: 'asc' }, select: { id: true } });
      const ids = xitun.map((f) => gid('Family', f.id));
      expect(ids.length).toBeLessThanOrEqual(100);
      expect(ids).not.toContain(beitun.id);
      expect(await list(worker('EDUCATION', 'CASEWORKER', { districts: ['XITUN'] }))).toEqual({ totalCount: ids.length, ids });
    });
  });

  describe('break-glass', () => {
    const GLASS = worker('POLICE', 'CASEWORKER', { sub: 'w-police-glass' });
    const COLLEAGUE = worker('POLICE', 'CASEWORKER', { sub: 'w-police-colleague' });
    const POLICE_SUPERVISOR = worker('POLICE', 'SUPERVISOR', { sub: 'w-police-supervisor' });
    const SOCIAL_SUPERVISOR = worker('SOCIAL', 'SUPERVISOR', { sub: 'w-social-supervisor' });
    const breakGlass = (family: ScopeFamily, reason: string, caller: Caller) => hub.query(BREAK_GLASS, { input: { familyId: family.id, reason } }, caller);

    it('opens a family the unit does not serve to the requesting worker alone, for 4 hours', async () => {
      const family = await buildProtectedFamily();
      expect(await view(family, GLASS)).toEqual(strangerView(family));

      const response = await breakGlass(family, '  兒童獨自在家，聯繫不到家長  ', GLASS);
      expect(response.errors).toBeUndefined();
      const payload = response.data!.requestEmergencyAccess;
      expect(payload).toMatchObject({ ok: true, error: null, inputErrors: [], emergencyAccess: { reason: '兒童獨自在家，聯繫不到家長' } });
      const { grantedAt, expiresAt } = payload.emergencyAccess;
      expect(Date.parse(expiresAt) - Date.parse(grantedAt)).toBe(4 * 3_600_000);
      expect(Math.abs(Date.parse(grantedAt) - Date.now())).toBeLessThan(60_000);

      expect(await view(family, GLASS)).toEqual(relatedView(family, { ...PROTECTED, servingUnits: ['PROTECTION'] }));
      expect(await view(family, COLLEAGUE)).toEqual(strangerView(family));
    });

    it('stays on the review list of the supervisors of the worker’s unit until one reviews it', async () => {
      const family = await buildProtectedFamily();
      const requester = worker('POLICE', 'CASEWORKER', { sub: 'w-police-glass-reviewed' });
      const granted = (await breakGlass(family, '家長疑似攜子自殺', requester)).data!.requestEmergencyAccess;
      expect(granted.ok).toBe(true);
      const entry = { ...granted.emergencyAccess, reviewedAt: null, requestedBy: requester.sub, family: { id: family.id } };

      const reviews = async (caller: Caller) => {
        const response = await hub.query(REVIEWS, {}, caller);
        expect(response.errors).toBeUndefined();
        return response.data!.emergencyAccessReviews as { id: string }[];
      };
      expect(await reviews(POLICE_SUPERVISOR)).toContainEqual(entry);
      expect((await reviews(SOCIAL_SUPERVISOR)).map((r) => r.id)).not.toContain(entry.id);

      expect((await hub.query(REVIEW, { id: entry.id, note: '確認為緊急情況' }, POLICE_SUPERVISOR)).data!.reviewEmergencyAccess).toEqual({ ok: true, error: null });
      expect((await reviews(POLICE_SUPERVISOR)).map((r) => r.id)).not.toContain(entry.id);
    });

    it('lists grants for supervisors only: other roles get FORBIDDEN, an NGO supervisor sees no other unit’s', async () => {
      const family = await buildProtectedFamily();
      await addGrant(family, 'POLICE', 'w-police-listed');
      for (const role of ['CASEWORKER', 'ANALYST', 'AUDITOR', 'ADMIN'] as const) {
        const response = await hub.query(REVIEWS, {}, worker('POLICE', role));
        expect({ role, data: response.data?.emergencyAccessReviews ?? null, codes: response.errors?.map((e) => e.extensions?.code) }).toEqual({
          role,
          data: null,
          codes: ['FORBIDDEN'],
        });
      }
      const ngoSupervisor = worker('NGO', 'SUPERVISOR', { sub: 'w-ngo-supervisor', org: ngoOrg });
      expect((await hub.query(REVIEWS, {}, ngoSupervisor)).data!.emergencyAccessReviews).toEqual([]);
      // The core subgraph called directly answers an ANALYST the same way.
      const core = await startSubgraphServer({ subgraph: allSubgraphs()[0]!, auth: hub.auth.settings, port: 0, log: () => undefined });
      try {
        const direct = await fetch(core.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(await hub.auth.headers(worker('POLICE', 'ANALYST'))) },
          body: JSON.stringify({ query: REVIEWS }),
        });
        const body = (await direct.json()) as { data?: { emergencyAccessReviews: unknown } | null; errors?: { extensions?: { code?: string } }[] };
        expect(body.data?.emergencyAccessReviews ?? null).toBeNull();
        expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      } finally {
        await core.stop();
      }
    });

    it('is refused to NGO workers (FORBIDDEN), and nothing is granted', async () => {
      const response = await breakGlass(ngoFamily, '緊急', worker('NGO', 'CASEWORKER', { sub: 'w-ngo-glass', org: ngoOrg }));
      expect(response.data?.requestEmergencyAccess ?? null).toBeNull();
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(await prisma().emergencyAccess.count({ where: { workerId: 'w-ngo-glass' } })).toBe(0);
    });

    it('refuses a blank reason, naming it, and grants nothing', async () => {
      const family = await buildProtectedFamily();
      const payload = (await breakGlass(family, '   ', GLASS)).data!.requestEmergencyAccess;
      expect(payload).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/^reason: /) }, emergencyAccess: null });
      expect(payload.inputErrors.map((e: { field: string }) => e.field)).toEqual(['reason']);
      expect(await view(family, GLASS)).toEqual(strangerView(family));
    });
  });

  it('the audit trail shows the referral as a WRITE by the sender, naming the referral', async () => {
    const family = await buildProtectedFamily();
    const sender = worker('POLICE', 'CASEWORKER', { sub: 'w-police-audited' });
    expect((await refer(family, 'EDUCATION', sender)).data!.createReferral.ok).toBe(true);
    const referral = await prisma().referral.findFirstOrThrow({ where: { familyId: family.familyId } });

    const trail = await hub.query('query Trail($id: ID!) { auditTrail(personId: $id) { kind operation sub unit records } }', { id: family.personGids[0] }, AUDITOR);
    expect(trail.errors).toBeUndefined();
    expect(trail.data!.auditTrail).toContainEqual({
      kind: 'WRITE',
      operation: 'Probe',
      sub: sender.sub,
      unit: 'POLICE',
      records: expect.arrayContaining([gid('Referral', referral.id)]),
    });
  });
});
