// Who may write what (issue 10, finding 2 and deliverable 3): every mutation ×
// every unit and role × a target inside and outside the caller's scope.
// Writes are narrower than reads: contacts only on the unit's own open cases
// (an NGO: the cases assigned to its organisation), referrals and reports only
// about persons and families the caller reaches, answering a referral only by
// the receiving unit, closing it by either unit, reviewing break-glass only
// within the supervisor's unit. A target out of scope answers exactly as one
// that does not exist, and nothing is written. Only CASEWORKER and SUPERVISOR
// write, through the gateway and on the core subgraph called directly alike.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Role } from '../../src/auth/claims.ts';
import { prisma } from '../../src/db/prisma.ts';
import { UNIT_CODES, type UnitCode } from '../../src/domain/codes.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startSubgraphServer, type HubServer } from '../../src/server/app.ts';
import { gid } from '../support/fixtures.ts';
import {
  addCase,
  addGrant,
  addIntake,
  addOrganization,
  addReferral,
  assign,
  buildFamily,
  worker,
  type ScopeFamily,
} from '../support/scope-fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type GraphQLResponse, type TestHub } from '../support/test-hub.ts';

const PAYLOAD = 'ok error { code message } inputErrors { field reason }';
const MISSING_ROW = 999_999;

type MutationName =
  | 'recordServiceContact'
  | 'createReferral'
  | 'acceptReferral'
  | 'declineReferral'
  | 'closeReferral'
  | 'createIntake'
  | 'triageIntake'
  | 'requestEmergencyAccess'
  | 'reviewEmergencyAccess';

interface MutationSpec {
  /** The payload's record field. */
  result: string;
  /** The argument naming the target, as BAD_USER_INPUT and NOT_FOUND name it. */
  field: string;
  /** GraphQL type of the target, and another type whose IDs it must refuse. */
  typename: string;
  wrongType: string;
  /** The NOT_FOUND reason the contract fixes; null where only "as for an ID that does not exist" is. */
  notFound: string | null;
  /** The operation, taking the target's global ID as $target. */
  document: string;
  variables?: (caller: Caller) => Record<string, unknown>;
  /** What a call by `caller` about row `row` would change, read before and after to prove whether anything was written. */
  state: (row: number, caller: Caller) => Promise<unknown>;
}

/** A unit other than `unit`, to refer to or to stand for "another unit". */
const otherThan = (unit: UnitCode): UnitCode => (unit === 'SOCIAL' ? 'HEALTH' : 'SOCIAL');
/** Receivers each sending unit has used so far, in turn: every unit but the sender and NGOs. */
const receiversUsed = new Map<UnitCode, number>();
function nextReceiver(unit: UnitCode): UnitCode {
  const receivers = UNIT_CODES.filter((u) => u !== unit && u !== 'NGO');
  const used = receiversUsed.get(unit) ?? 0;
  receiversUsed.set(unit, used + 1);
  return receivers[used % receivers.length]!;
}
/** Two units other than `unit`, a referral between which is none of its business. */
const bystanders = (unit: UnitCode): [UnitCode, UnitCode] =>
  (['SOCIAL', 'HEALTH', 'EDUCATION'] as const).filter((u) => u !== unit).slice(0, 2) as [UnitCode, UnitCode];

const MUTATIONS: Record<MutationName, MutationSpec> = {
  recordServiceContact: {
    result: 'serviceContact', field: 'caseId', typename: 'Case', wrongType: 'Family', notFound: 'no such case',
    document: `mutation Contact($target: ID!) { recordServiceContact(input: { caseId: $target, kind: PHONE, contactedOn: "2024-01-10" }) { ${PAYLOAD} serviceContact { id } } }`,
    state: (row, caller) => prisma().serviceContact.count({ where: { caseId: row, workerId: caller.sub } }),
  },
  createReferral: {
    result: 'referral', field: 'personId', typename: 'Person', wrongType: 'Family', notFound: 'no such person',
    document: `mutation Refer($target: ID!, $toUnit: UnitCode!) { createReferral(input: { personId: $target, toUnit: $toUnit, reason: "需要就業服務" }) { ${PAYLOAD} referral { id } } }`,
    // A unit's second open referral of a person to the same receiver is a repeat, refused: each call sends to a receiver the unit has not used yet.
    variables: (caller) => ({ toUnit: nextReceiver(caller.unit) }),
    state: (row, caller) => prisma().referral.count({ where: { personId: row, requestedBy: caller.sub } }),
  },
  acceptReferral: {
    result: 'referral', field: 'id', typename: 'Referral', wrongType: 'Case', notFound: 'no such referral',
    document: `mutation Accept($target: ID!) { acceptReferral(id: $target) { ${PAYLOAD} referral { id } } }`,
    state: (row) => prisma().referral.findUnique({ where: { id: row }, select: { status: true } }),
  },
  declineReferral: {
    result: 'referral', field: 'id', typename: 'Referral', wrongType: 'Case', notFound: 'no such referral',
    document: `mutation Decline($target: ID!) { declineReferral(id: $target, reason: "不符資格") { ${PAYLOAD} referral { id } } }`,
    state: (row) => prisma().referral.findUnique({ where: { id: row }, select: { status: true } }),
  },
  closeReferral: {
    result: 'referral', field: 'id', typename: 'Referral', wrongType: 'Case', notFound: 'no such referral',
    document: `mutation Close($target: ID!) { closeReferral(id: $target, note: "服務完成") { ${PAYLOAD} referral { id } } }`,
    state: (row) => prisma().referral.findUnique({ where: { id: row }, select: { status: true } }),
  },
  createIntake: {
    result: 'intake', field: 'familyId', typename: 'Family', wrongType: 'Person', notFound: 'no such family',
    document: `mutation Report($target: ID!) { createIntake(input: { kind: CHILD_PROTECTION, familyId: $target }) { ${PAYLOAD} intake { id } } }`,
    state: (row, caller) => prisma().intake.count({ where: { familyId: row, receivedByWorkerId: caller.sub } }),
  },
  triageIntake: {
    result: 'intake', field: 'intakeId', typename: 'Intake', wrongType: 'Case', notFound: 'no such report',
    document: `mutation Triage($target: ID!) { triageIntake(input: { intakeId: $target, dispatchTo: SOCIAL }) { ${PAYLOAD} intake { id } } }`,
    state: (row) => prisma().intake.findUnique({ where: { id: row }, select: { triagedAt: true, dispatchedToUnitCode: true } }),
  },
  requestEmergencyAccess: {
    result: 'emergencyAccess', field: 'familyId', typename: 'Family', wrongType: 'Case', notFound: 'no such family',
    document: `mutation BreakGlass($target: ID!) { requestEmergencyAccess(input: { familyId: $target, reason: "兒童獨自在家，聯繫不到家長" }) { ${PAYLOAD} emergencyAccess { id } } }`,
    state: (row, caller) => prisma().emergencyAccess.count({ where: { familyId: row, workerId: caller.sub } }),
  },
  reviewEmergencyAccess: {
    result: 'emergencyAccess', field: 'id', typename: 'EmergencyAccess', wrongType: 'Referral', notFound: null,
    document: `mutation Review($target: ID!) { reviewEmergencyAccess(id: $target, note: "確認為緊急情況") { ${PAYLOAD} emergencyAccess { id } } }`,
    state: (row) => prisma().emergencyAccess.findUnique({ where: { id: row }, select: { reviewedAt: true } }),
  },
};
const MUTATION_NAMES = Object.keys(MUTATIONS) as MutationName[];

/**
 * done: ok, and the record changed. not found: answered exactly as a target
 * that does not exist. refused: FORBIDDEN as data (an illegal actor on a
 * record it can see). forbidden: the operation itself is denied (an error,
 * the mutation's field null). Nothing is written unless done.
 */
type Expected = 'done' | 'not found' | 'refused' | 'forbidden';

interface Row {
  unit: UnitCode;
  role: Role;
  /** A district-bound worker: reaches only XITUN. */
  districtBound?: boolean;
}

interface Target {
  /** Global ID sent as $target. */
  id: string;
  /** Its row, for the state probe. */
  row: number;
}

interface TargetCase {
  target: string;
  expected: Expected;
  prepare: () => Promise<Target>;
}

/** The records the matrix writes against, built once. */
interface World {
  orgA: number;
  orgB: number;
  /** An open case of every unit but NGO; SOCIAL's is assigned to orgA (the NGO callers' organisation). */
  home: ScopeFamily;
  ownCase: Record<UnitCode, number>;
  /** Closed cases of SOCIAL and HEALTH, and an open case assigned to orgB. */
  closedCase: Partial<Record<UnitCode, number>>;
  otherNgoCase: number;
  /** XITUN families without ties: referred, reported, referrals between units about them; and one for break-glass. */
  quiet: ScopeFamily;
  glass: ScopeFamily;
  /** A family outside the district-bound workers' district. */
  beitun: ScopeFamily;
}
const world = {} as World;

const existing = (typename: string, row: number): Target => ({ id: gid(typename, row), row });

/** The family a row reaches without serving it: an NGO only its assigned one. */
const reachable = (row: Row) => (row.unit === 'NGO' ? world.home : world.quiet);

function targetsFor(name: MutationName, row: Row): TargetCase[] {
  const { unit } = row;
  const ngo = unit === 'NGO';
  const other = otherThan(unit);
  const [from, to] = bystanders(unit);
  const person = (family: () => ScopeFamily) => async () => existing('Person', family().personIds[0]);
  const family = (of: () => ScopeFamily) => async () => existing('Family', of().familyId);
  const referral = (sender: UnitCode, receiver: UnitCode, status: 'PENDING' | 'ACCEPTED') => async () =>
    existing('Referral', await addReferral(reachable(row), sender, receiver, status));
  const grant = (of: UnitCode) => async () => existing('EmergencyAccess', await addGrant(world.glass, of, `w-${of.toLowerCase()}-glass-worker`));

  if (row.districtBound) {
    switch (name) {
      case 'createReferral':
        return [
          { target: 'a person in its district', expected: 'done', prepare: person(() => world.quiet) },
          { target: 'a person in another district', expected: 'not found', prepare: person(() => world.beitun) },
        ];
      case 'createIntake':
      case 'requestEmergencyAccess':
        return [
          { target: 'a family in its district', expected: 'done', prepare: family(() => (name === 'createIntake' ? world.quiet : world.glass)) },
          { target: 'a family in another district', expected: 'not found', prepare: family(() => world.beitun) },
        ];
      default:
        return [];
    }
  }

  switch (name) {
    case 'recordServiceContact':
      return [
        { target: ngo ? 'a case assigned to its organisation' : "its unit's open case", expected: 'done', prepare: async () => existing('Case', world.ownCase[unit]) },
        { target: "another unit's open case", expected: 'not found', prepare: async () => existing('Case', world.ownCase[ngo ? 'HEALTH' : other]) },
        { target: "another unit's closed case", expected: 'not found', prepare: async () => existing('Case', world.closedCase[other]!) },
        ...(ngo ? [{ target: 'a case assigned to another NGO', expected: 'not found' as const, prepare: async () => existing('Case', world.otherNgoCase) }] : []),
      ];
    case 'createReferral':
      return ngo
        ? [
            { target: 'a person of its assigned family', expected: 'done', prepare: person(() => world.home) },
            { target: 'a person of a family not assigned to it', expected: 'not found', prepare: person(() => world.quiet) },
          ]
        : [{ target: 'a person of a family its unit does not serve', expected: 'done', prepare: person(() => world.quiet) }];
    case 'acceptReferral':
    case 'declineReferral':
      return [
        { target: 'a pending referral to its unit', expected: 'done', prepare: referral(other, unit, 'PENDING') },
        { target: 'a pending referral between two other units', expected: 'not found', prepare: referral(from, to, 'PENDING') },
        { target: 'a pending referral its unit sent', expected: 'refused', prepare: referral(unit, other, 'PENDING') },
      ];
    case 'closeReferral':
      return [
        { target: 'an accepted referral its unit sent', expected: 'done', prepare: referral(unit, other, 'ACCEPTED') },
        { target: 'an accepted referral its unit received', expected: 'done', prepare: referral(other, unit, 'ACCEPTED') },
        { target: 'an accepted referral between two other units', expected: 'not found', prepare: referral(from, to, 'ACCEPTED') },
      ];
    case 'createIntake':
      return ngo
        ? [
            { target: 'its assigned family', expected: 'done', prepare: family(() => world.home) },
            { target: 'a family not assigned to it', expected: 'not found', prepare: family(() => world.quiet) },
          ]
        : [{ target: 'a family its unit does not serve', expected: 'done', prepare: family(() => world.quiet) }];
    case 'triageIntake':
      return [
        { target: 'an untriaged report', expected: unit === 'PROTECTION' ? 'done' : 'forbidden', prepare: async () => existing('Intake', await addIntake(world.quiet)) },
      ];
    case 'requestEmergencyAccess':
      return ngo
        ? [{ target: 'a family', expected: 'forbidden', prepare: family(() => world.glass) }]
        : [{ target: 'a family its unit does not serve', expected: 'done', prepare: family(() => world.glass) }];
    case 'reviewEmergencyAccess':
      if (row.role !== 'SUPERVISOR') {
        return [{ target: ngo ? 'an unreviewed grant of another unit' : 'an unreviewed grant of its unit', expected: 'forbidden', prepare: grant(ngo ? other : unit) }];
      }
      return [
        ...(ngo ? [] : [{ target: 'an unreviewed grant of its unit', expected: 'done' as const, prepare: grant(unit) }]),
        { target: 'an unreviewed grant of another unit', expected: 'not found', prepare: grant(other) },
      ];
  }
}

const WRITING_ROLES: Role[] = ['CASEWORKER', 'SUPERVISOR'];
const NON_WRITING_ROLES: Role[] = ['ANALYST', 'AUDITOR', 'ADMIN'];
const ROWS: Row[] = [
  ...UNIT_CODES.flatMap((unit) => WRITING_ROLES.map((role) => ({ unit, role }))),
  ...UNIT_CODES.filter((unit) => unit !== 'NGO').map((unit) => ({ unit, role: 'CASEWORKER' as const, districtBound: true })),
];
const describeRow = (row: Row) => `${row.unit} ${row.role}${row.districtBound ? ' bound to XITUN' : ''}`;

function callerOf(row: Row): Caller {
  return worker(row.unit, row.role, {
    ...(row.unit === 'NGO' ? { org: world.orgA } : {}),
    ...(row.districtBound ? { districts: ['XITUN'] } : {}),
  });
}

/** The target a writer of `unit` may write on, for callers whose role must be refused before any target is looked at. */
const inScopeTarget = (name: MutationName, unit: UnitCode) => targetsFor(name, { unit, role: 'SUPERVISOR' })[0]!.prepare();

describe('mutation scope', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
    world.orgA = await addOrganization('家扶基金會');
    world.orgB = await addOrganization('勵馨基金會');
    world.home = await buildFamily();
    world.ownCase = {} as Record<UnitCode, number>;
    for (const unit of UNIT_CODES) if (unit !== 'NGO') world.ownCase[unit] = await addCase(world.home, unit);
    await assign(world.ownCase.SOCIAL, world.orgA);
    world.ownCase.NGO = world.ownCase.SOCIAL;
    const other = await buildFamily();
    world.closedCase = {
      SOCIAL: await addCase(other, 'SOCIAL', { status: 'CLOSED' }),
      HEALTH: await addCase(other, 'HEALTH', { status: 'CLOSED' }),
    };
    world.otherNgoCase = await addCase(other, 'SOCIAL');
    await assign(world.otherNgoCase, world.orgB);
    world.quiet = await buildFamily();
    world.glass = await buildFamily();
    world.beitun = await buildFamily('BEITUN');
  });
  afterAll(() => hub.stop());

  const variablesOf = (name: MutationName, target: Target, caller: Caller) => ({ target: target.id, ...MUTATIONS[name].variables?.(caller) });
  const send = (name: MutationName, target: Target, caller: Caller) => hub.query(MUTATIONS[name].document, variablesOf(name, target, caller), caller);

  /** The operation itself denied: an error, the mutation's field null. */
  const operationOutcome = (response: GraphQLResponse, name: MutationName) => ({
    field: response.data?.[name] ?? null,
    codes: (response.errors ?? []).map((e) => e.extensions?.code),
  });
  const DENIED = { field: null, codes: ['FORBIDDEN'], written: false };

  /**
   * The answer to a target that does not exist, which every target out of
   * scope must read as: fixed by the contract, or else the caller's own
   * answer for an ID that does not exist.
   */
  const references = new Map<string, Promise<GraphQLResponse>>();
  const notFoundAnswer = async (name: MutationName, caller: Caller): Promise<GraphQLResponse> => {
    const spec = MUTATIONS[name];
    if (spec.notFound) {
      const reason = spec.notFound;
      return { data: { [name]: { ok: false, error: { code: 'NOT_FOUND', message: `${spec.field}: ${reason}` }, inputErrors: [{ field: spec.field, reason }], [spec.result]: null } } };
    }
    const key = `${name} ${caller.sub}`;
    if (!references.has(key)) references.set(key, send(name, existing(spec.typename, MISSING_ROW), caller));
    const reference = await references.get(key)!;
    expect(reference.data?.[name]).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' }, [spec.result]: null });
    return reference;
  };

  describe.each(MUTATION_NAMES)('%s', (name) => {
    const spec = MUTATIONS[name];
    const cases = ROWS.flatMap((row) => targetsFor(name, row).map((c) => ({ ...c, row, who: describeRow(row) })));

    it.each(cases)('$who on $target: $expected', async ({ row, expected, prepare }) => {
      const caller = callerOf(row);
      const target = await prepare();
      const before = await spec.state(target.row, caller);
      const response = await send(name, target, caller);
      const after = await spec.state(target.row, caller);

      switch (expected) {
        case 'done':
          expect(response.errors).toBeUndefined();
          expect(response.data![name]).toMatchObject({ ok: true, error: null, inputErrors: [] });
          expect(after).not.toEqual(before);
          return;
        case 'not found':
          expect(response).toEqual(await notFoundAnswer(name, caller));
          break;
        case 'refused':
          expect(response.errors).toBeUndefined();
          expect(response.data![name]).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' }, [spec.result]: null });
          break;
        case 'forbidden':
          expect(operationOutcome(response, name)).toEqual({ field: null, codes: ['FORBIDDEN'] });
          break;
      }
      expect(after).toEqual(before);
    });
  });

  describe('a target that does not exist', () => {
    const MISSING = MUTATION_NAMES.flatMap((name) =>
      [
        { unit: name === 'triageIntake' ? 'PROTECTION' : 'SOCIAL', role: name === 'reviewEmergencyAccess' ? 'SUPERVISOR' : 'CASEWORKER' } as Row,
        { unit: 'NGO', role: 'SUPERVISOR' } as Row,
      ]
        .filter((row) => row.unit !== 'NGO' || !['triageIntake', 'requestEmergencyAccess'].includes(name))
        .map((row) => ({ name, row, who: describeRow(row) })),
    );

    it.each(MISSING)('$name by $who: NOT_FOUND', async ({ name, row }) => {
      const caller = callerOf(row);
      const response = await send(name, existing(MUTATIONS[name].typename, MISSING_ROW), caller);
      expect(response).toEqual(await notFoundAnswer(name, caller));
    });
  });

  describe.each(NON_WRITING_ROLES)('%s (a role that does not write)', (role) => {
    it.each(MUTATION_NAMES)('%s is FORBIDDEN to every unit, and nothing is written', async (name) => {
      const outcomes: Record<string, unknown> = {};
      for (const unit of UNIT_CODES) {
        const caller = callerOf({ unit, role });
        const target = await inScopeTarget(name, unit);
        const before = await MUTATIONS[name].state(target.row, caller);
        const response = await send(name, target, caller);
        outcomes[unit] = { ...operationOutcome(response, name), written: !sameState(before, await MUTATIONS[name].state(target.row, caller)) };
      }
      expect(outcomes).toEqual(Object.fromEntries(UNIT_CODES.map((unit) => [unit, DENIED])));
    });
  });

  describe('the core subgraph called directly', () => {
    let subgraph: HubServer;

    beforeAll(async () => {
      subgraph = await startSubgraphServer({ subgraph: allSubgraphs()[0]!, auth: hub.auth.settings, port: 0, log: () => undefined });
    });
    afterAll(() => subgraph.stop());

    it.each(MUTATION_NAMES)('%s is FORBIDDEN to ANALYST, AUDITOR and ADMIN, and nothing is written', async (name) => {
      // The unit that may otherwise make this write, so that only the role is refused.
      const unit: UnitCode = name === 'triageIntake' ? 'PROTECTION' : 'SOCIAL';
      const outcomes: Record<string, unknown> = {};
      for (const role of NON_WRITING_ROLES) {
        const caller = callerOf({ unit, role });
        const target = await inScopeTarget(name, unit);
        const before = await MUTATIONS[name].state(target.row, caller);
        const response = await fetch(subgraph.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(await hub.auth.headers(caller)) },
          body: JSON.stringify({ query: MUTATIONS[name].document, variables: variablesOf(name, target, caller) }),
        });
        const body = (await response.json()) as GraphQLResponse;
        outcomes[role] = { ...operationOutcome(body, name), written: !sameState(before, await MUTATIONS[name].state(target.row, caller)) };
      }
      expect(outcomes).toEqual(Object.fromEntries(NON_WRITING_ROLES.map((role) => [role, DENIED])));
    });
  });

  describe('IDs that are not IDs of the right type', () => {
    const BAD_IDS = MUTATION_NAMES.flatMap((name) => [
      { name, field: MUTATIONS[name].field, given: "'not-an-id'", id: 'not-an-id' },
      { name, field: MUTATIONS[name].field, given: `a ${MUTATIONS[name].wrongType} ID`, id: gid(MUTATIONS[name].wrongType, 1) },
    ]);

    it.each(BAD_IDS)('$name with $given: BAD_USER_INPUT naming $field', async ({ name, field, id }) => {
      const unit: UnitCode = name === 'triageIntake' ? 'PROTECTION' : 'SOCIAL';
      const caller = callerOf({ unit, role: name === 'reviewEmergencyAccess' ? 'SUPERVISOR' : 'CASEWORKER' });
      const response = await send(name, { id, row: MISSING_ROW }, caller);
      expect(response.errors).toBeUndefined();
      const payload = response.data![name];
      expect(payload).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(new RegExp(`^${field}: `)) }, [MUTATIONS[name].result]: null });
      expect(payload.inputErrors.map((e: { field: string }) => e.field)).toEqual([field]);
    });
  });
});

/** Probed states compared as data (dates included). */
function sameState(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
