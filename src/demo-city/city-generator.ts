// Generates the demo city family by family, in chunks, with every id known
// up front so references can be written without reading anything back.
import type { DistrictCode } from '../domain/codes.ts';
import { makeNationalId } from '../domain/national-id.ts';
import { isProtectiveKind, PROTECTIVE_KINDS } from '../domain/re-report.ts';
import type { CaseKind, ContactKind } from '../generated/prisma/enums.ts';
import {
  CASES_AT_FULL_SCALE,
  CONTACTS_AT_FULL_SCALE,
  FAMILIES_AT_FULL_SCALE,
  NGO_ASSIGNED_SHARE,
  OWNER_UNIT,
  PROTECTIVE_INTAKES_AT_FULL_SCALE,
  RE_REPORT_RATE,
  REFERRAL_SHARE,
  RISK_ASSESSED_KINDS,
  SUBJECT_AGES,
} from './figures.ts';
import { CONTRACT_REGIONS, DISTRICT_POPULATION, DISTRICT_ZH } from './geography.ts';
import { HOUSEHOLD_SIZES, planHousehold, type MemberPlan } from './households.ts';
import { givenName, INDIGENOUS_NAMES, NEW_IMMIGRANT_NAMES, ROADS, SURNAMES } from './names.ts';
import { Random } from './random.ts';
import { emptyChunk, type Chunk, type Row } from './rows.ts';

const YEAR = 2023;
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
const END_OF_YEAR = Date.UTC(YEAR, 11, 31);
export const CASE_KINDS = Object.keys(CASES_AT_FULL_SCALE) as CaseKind[];
const REFERRAL_UNITS = ['SOCIAL', 'HEALTH', 'LABOR', 'EDUCATION', 'PROTECTION', 'JUSTICE'];
const REFERRAL_REASONS: Record<string, string> = {
  SOCIAL: '家庭經濟困難，需要福利評估', HEALTH: '疑似精神困擾，需心理衛生評估', LABOR: '家長失業，需要就業服務',
  EDUCATION: '孩子長期缺課，請學校輔導', PROTECTION: '疑似家庭暴力，請評估保護需求', JUSTICE: '出監後需轉銜服務',
};
const NGO_NAMES = [
  '勵馨社會福利事業基金會', '家扶基金會', '世界展望會', '善牧社會福利基金會', '兒童福利聯盟', '臺中市家庭照顧者關懷協會',
  '伊甸社會福利基金會', '中華民國快樂學習協會', '臺中市愛心家園', '一粒麥子社會福利慈善事業基金會', '紅十字會臺中市支會',
  '臺中市生命線協會', '張老師基金會臺中分事務所', '臺中市新住民全人關懷協會', '弘毓社會福利基金會', '瑪利亞社會福利基金會',
  '臺中市私立甘霖基金會', '中華基督教救助協會', '臺中市單親家庭服務協會', '展愛社會福利協會', '臺中市童心園社會福利關懷協會',
  '臺灣陽光婦女協會', '臺中市原住民族家庭服務協會', '慈濟基金會臺中分會', '臺中市晨光智能發展協會', '向上社會福利基金會',
  '臺中市社區重建協會', '中華民國兒童保護協會',
];

export interface CityPlan {
  families: number;
  caseQuota: Record<CaseKind, number>;
  protectiveIntakes: number;
}

export function planCity(scale: number): CityPlan {
  const families = Math.max(1, Math.round(FAMILIES_AT_FULL_SCALE * scale));
  const caseQuota = Object.fromEntries(
    CASE_KINDS.map((kind) => {
      const expected = CASES_AT_FULL_SCALE[kind] * scale;
      const count = Math.round(expected);
      // Every kind appears from scale 0.001 on, so small demo cities show every kind.
      return [kind, Math.min(families, scale >= 0.001 ? Math.max(1, count) : count)];
    }),
  ) as Record<CaseKind, number>;
  return { families, caseQuota, protectiveIntakes: Math.round(PROTECTIVE_INTAKES_AT_FULL_SCALE * scale) };
}

export interface Person {
  id: number;
  plan: MemberPlan;
  birthDate: Date;
  row: Row;
}

export interface GeneratedCase {
  id: number;
  kind: CaseKind;
  subject: Person;
  openedOn: number;
  closedOn: number | null;
  unit: string;
}

export class CityGenerator {
  protected readonly random: Random;
  protected nextId = { person: 1, membership: 1, case: 1, intake: 1, contact: 1, referral: 1, assignment: 1 };
  private readonly kindOffsets: Record<CaseKind, number>;
  private readonly casesMade: Record<CaseKind, number>;
  protected readonly workers = new Map<string, string[]>();
  private readonly orgsByDistrict = new Map<DistrictCode, number[]>();
  private readonly protectiveCaseTotal: number;
  private previousFamily: { id: number } | null = null;

  constructor(readonly plan: CityPlan, seed: number) {
    this.random = new Random(seed);
    this.kindOffsets = Object.fromEntries(CASE_KINDS.map((k) => [k, this.random.next()])) as Record<CaseKind, number>;
    this.casesMade = Object.fromEntries(CASE_KINDS.map((k) => [k, 0])) as Record<CaseKind, number>;
    this.protectiveCaseTotal = PROTECTIVE_KINDS.reduce((sum, k) => sum + plan.caseQuota[k], 0);
  }

  /** Organisations and workers; call once before the families. */
  staff(): Chunk {
    const chunk = emptyChunk();
    const regionNames = Object.keys(CONTRACT_REGIONS);
    NGO_NAMES.forEach((name, index) => {
      const orgId = index + 1;
      const regions = [regionNames[index % regionNames.length]!];
      if (this.random.chance(0.3)) regions.push(regionNames[(index + 2) % regionNames.length]!);
      const districts = regions.flatMap((r) => CONTRACT_REGIONS[r]!);
      for (const district of districts) this.orgsByDistrict.set(district, [...(this.orgsByDistrict.get(district) ?? []), orgId]);
      chunk['core.organization'].push([orgId, name, regions, districts]);
      for (let w = 1; w <= 3; w++) {
        const id = `w-ngo-${String(orgId).padStart(2, '0')}-${String(w).padStart(4, '0')}`;
        chunk['core.worker'].push([id, this.personName(this.random.chance(0.3)), 'NGO', orgId]);
      }
    });
    const casesPerUnit = new Map<string, number>();
    for (const kind of CASE_KINDS) casesPerUnit.set(OWNER_UNIT[kind], (casesPerUnit.get(OWNER_UNIT[kind]) ?? 0) + this.plan.caseQuota[kind]);
    for (const unit of [...REFERRAL_UNITS, 'POLICE', 'CIVIL_AFFAIRS', 'INDIGENOUS']) {
      const count = Math.max(3, Math.ceil((casesPerUnit.get(unit) ?? 0) / 30));
      const ids: string[] = [];
      for (let w = 1; w <= count; w++) {
        const id = `w-${unit.toLowerCase().replace('_', '-')}-${String(w).padStart(4, '0')}`;
        ids.push(id);
        chunk['core.worker'].push([id, this.personName(this.random.chance(0.3)), unit, null]);
      }
      this.workers.set(unit, ids);
    }
    return chunk;
  }

  /** Families with 0-based index in [from, to). */
  families(from: number, to: number): Chunk {
    const chunk = emptyChunk();
    for (let index = from; index < to; index++) this.family(index, chunk);
    return chunk;
  }

  private family(index: number, chunk: Chunk): void {
    const r = this.random;
    const familyId = index + 1;
    const showcase = index === 0;
    const district = showcase ? 'XITUN' : r.weighted(DISTRICT_POPULATION);
    const address = `臺中市${DISTRICT_ZH[district]}${r.pick(ROADS)}${r.int(1, 420)}號${r.chance(0.6) ? `${r.int(2, 15)}樓` : ''}`;
    chunk['core.family'].push([familyId, district, address]);

    const plans = showcase ? showcasePlans() : planHousehold(r, r.weighted(HOUSEHOLD_SIZES));
    const immigrantSpouse = !showcase && plans.some((p) => p.relationship === 'SPOUSE') && r.chance(0.04);
    const headSurname = r.weighted(SURNAMES);
    const persons: Person[] = plans.map((plan) => {
      const id = this.nextId.person++;
      const birthDate = this.birthDate(plan.age);
      const immigrant = immigrantSpouse && plan.relationship === 'SPOUSE';
      const name = this.nameFor(plan, district, headSurname, immigrant);
      const row: Row = [id, this.nationalIdFor(id, plan, immigrant), name, plan.male ? 'MALE' : 'FEMALE', birthDate, address, district, false];
      chunk['core.person'].push(row);
      return { id, plan, birthDate, row };
    });

    const formed = Date.UTC(YEAR - r.int(1, Math.max(1, Math.min(40, plans[0]!.age - 18))), r.int(0, 11), r.int(1, 28));
    for (const person of persons) {
      const joinsAtBirth = ['CHILD', 'GRANDCHILD'].includes(person.plan.relationship);
      const start = joinsAtBirth ? person.birthDate : new Date(Math.max(formed, person.birthDate.getTime()));
      chunk['core.family_membership'].push([this.nextId.membership++, familyId, person.id, person.plan.relationship, start, null]);
    }
    // Young adults living alone often moved out of a family generated just before.
    if (persons.length === 1 && plans[0]!.age <= 35 && this.previousFamily && r.chance(0.3)) {
      const left = new Date(Date.UTC(r.int(2015, 2022), r.int(0, 11), r.int(1, 28)));
      const person = persons[0]!;
      chunk['core.family_membership'].push([this.nextId.membership++, this.previousFamily.id, person.id, 'CHILD', person.birthDate, left]);
    }
    this.previousFamily = { id: familyId };

    this.caseWork(index, familyId, district, persons, chunk, showcase);
  }

  /** The family's cases with their contacts, intakes and referrals: in proportion to the figures here, exactly in a scenario. */
  protected caseWork(index: number, familyId: number, district: DistrictCode, persons: Person[], chunk: Chunk, showcase: boolean): void {
    const cases = this.casesFor(index, familyId, district, persons, chunk, showcase);
    this.intakesFor(familyId, persons, cases, chunk);
    this.referralsFor(familyId, persons, cases, chunk, showcase);
  }

  private casesFor(index: number, familyId: number, district: DistrictCode, persons: Person[], chunk: Chunk, showcase: boolean): GeneratedCase[] {
    const r = this.random;
    const kinds = showcase
      ? (['VULNERABLE_FAMILY', 'MENTAL_HEALTH'] as CaseKind[])
      : CASE_KINDS.filter((kind) => this.systematicHit(index, kind));
    const made: GeneratedCase[] = [];
    for (const kind of kinds) {
      const id = this.nextId.case++;
      const [minAge, maxAge] = SUBJECT_AGES[kind];
      const fitting = persons.filter((p) => p.plan.age >= minAge && p.plan.age <= maxAge);
      const subject = showcase ? persons[kind === 'MENTAL_HEALTH' ? 1 : 0]! : (fitting.length ? r.pick(fitting) : persons[persons.length - 1]!);
      const openedOn = showcase ? Date.UTC(YEAR, 1, 6) : Date.UTC(r.chance(0.85) ? YEAR : YEAR - 1, r.int(0, 11), r.int(1, 28));
      const closes = !showcase && r.chance(0.35);
      const closedOn = closes ? Math.min(END_OF_YEAR, openedOn + r.int(30, 300) * DAY_MS) : null;
      const unit = OWNER_UNIT[kind];
      const risk = RISK_ASSESSED_KINDS.includes(kind) ? r.weighted([['LOW', 30], ['MODERATE', 40], ['HIGH', 22], ['VERY_HIGH', 8]] as const) : null;
      chunk['core."case"'].push([
        id, kind, closedOn ? 'CLOSED' : 'OPEN', familyId, subject.id, unit, r.pick(this.workers.get(unit)!), null, district, risk,
        new Date(openedOn), closedOn ? new Date(closedOn) : null,
      ]);
      if (isProtectiveKind(kind) && r.chance(0.75)) subject.row[7] = true;
      this.contactsFor(id, kind, unit, openedOn, closedOn, chunk);
      const assignedShare = NGO_ASSIGNED_SHARE[kind] ?? 0;
      if (showcase ? kind === 'VULNERABLE_FAMILY' : r.chance(assignedShare)) this.assignmentFor(id, district, openedOn, chunk, showcase);
      made.push({ id, kind, subject, openedOn, closedOn, unit });
      this.casesMade[kind]++;
    }
    return made;
  }

  /** Exactly `quota` families get a case of `kind`, spread evenly with a random phase. */
  private systematicHit(index: number, kind: CaseKind): boolean {
    const quota = this.plan.caseQuota[kind];
    const families = this.plan.families;
    const offset = this.kindOffsets[kind];
    return Math.floor(((index + 1) * quota) / families + offset) > Math.floor((index * quota) / families + offset);
  }

  protected contactsFor(caseId: number, kind: CaseKind, unit: string, openedOn: number, closedOn: number | null, chunk: Chunk): void {
    const spec = CONTACTS_AT_FULL_SCALE[kind];
    if (!spec) return;
    const perCase = spec.total / CASES_AT_FULL_SCALE[kind];
    const count = Math.floor(perCase) + (this.random.chance(perCase - Math.floor(perCase)) ? 1 : 0);
    const last = Math.max(openedOn, Math.min(closedOn ?? END_OF_YEAR, END_OF_YEAR));
    for (let c = 0; c < count; c++) {
      const on = openedOn + Math.floor(this.random.next() * ((last - openedOn) / DAY_MS + 1)) * DAY_MS;
      const contactKind: ContactKind = this.random.weighted(spec.mix);
      chunk['core.service_contact'].push([this.nextId.contact++, caseId, contactKind, new Date(on), unit, this.random.pick(this.workers.get(unit)!)]);
    }
  }

  protected assignmentFor(caseId: number, district: DistrictCode, openedOn: number, chunk: Chunk, showcase: boolean): void {
    const orgs = this.orgsByDistrict.get(district);
    if (!orgs?.length) return;
    const start = openedOn + this.random.int(0, 20) * DAY_MS;
    const ended = !showcase && this.random.chance(0.15);
    const end = ended ? start + this.random.int(60, 250) * DAY_MS : null;
    // The organisations took up their contracted cases: accepted (one that ran its course is over by its end date).
    chunk['core.assignment'].push([this.nextId.assignment++, caseId, this.random.pick(orgs), new Date(start), end ? new Date(end) : null, 'ACCEPTED']);
  }

  /**
   * Intakes, whose re-report flag the seed derives afterwards (the rule of
   * src/domain/re-report.ts): each protective case opened by an intake up to
   * 47 hours before its opening day, some re-reported on a later day while
   * in service, and screened-out reports on families without any case.
   */
  private intakesFor(familyId: number, persons: Person[], cases: GeneratedCase[], chunk: Chunk): void {
    const r = this.random;
    const write = (kind: CaseKind, subject: Person, received: number, caseId: number | null) => {
      const triaged = received + r.int(1, 20) * HOUR_MS + r.int(0, 59) * 60_000;
      const dispatched = triaged + r.int(10, 120) * 60_000;
      chunk['core.intake'].push([
        this.nextId.intake++, kind, familyId, subject.id, new Date(received), new Date(triaged), new Date(dispatched),
        kind === 'CHILD_PROTECTION' && r.chance(0.3) ? 'SOCIAL' : 'PROTECTION', caseId, r.pick(this.workers.get('PROTECTION')!),
      ]);
    };
    const protectiveCases = cases.filter((c) => isProtectiveKind(c.kind));
    const reReports = Math.round(this.plan.protectiveIntakes * RE_REPORT_RATE);
    for (const c of protectiveCases) {
      write(c.kind, c.subject, c.openedOn - r.int(0, 47) * HOUR_MS, c.id);
      if (this.protectiveCaseTotal > 0 && r.chance(reReports / this.protectiveCaseTotal)) {
        write(c.kind, c.subject, this.reReportTime(c), c.id);
      }
    }
    const screenedOut = Math.max(0, this.plan.protectiveIntakes - this.protectiveCaseTotal - reReports);
    if (cases.length === 0 && r.chance(screenedOut / this.plan.families)) {
      const received = Date.UTC(YEAR, r.int(0, 11), r.int(1, 28), r.int(0, 23));
      write(r.pick(PROTECTIVE_KINDS), r.pick(persons), received, null);
    }
  }

  /**
   * A time on a day after the case's opening day while it is in service
   * (cases close 30 days or more after opening, or at the year's end, so
   * there are at least 3 such days). One draw picks both day and hour, so
   * every later draw, and the rest of the city, stays as it was. Hours up to
   * 15 UTC keep the Taipei date (UTC+8) the rule reads.
   */
  private reReportTime(c: GeneratedCase): number {
    const last = Math.min(c.closedOn ?? END_OF_YEAR, END_OF_YEAR);
    const days = Math.round((last - c.openedOn) / DAY_MS);
    const slot = this.random.int(0, days * 16 - 1);
    return c.openedOn + (1 + Math.floor(slot / 16)) * DAY_MS + (slot % 16) * HOUR_MS;
  }

  protected referralsFor(familyId: number, persons: Person[], cases: { kind: CaseKind; subject: Person; unit: string; openedOn: number }[], chunk: Chunk, showcase: boolean): void {
    const r = this.random;
    if (showcase) {
      this.referral(chunk, familyId, persons[0]!, 'SOCIAL', 'LABOR', 'PENDING', cases[0]!.openedOn + 40 * DAY_MS);
      this.referral(chunk, familyId, persons[3]!, 'SOCIAL', 'EDUCATION', 'ACCEPTED', cases[0]!.openedOn + 20 * DAY_MS);
      return;
    }
    if (cases.length === 0 || !r.chance(REFERRAL_SHARE)) return;
    const from = r.pick(cases);
    const to = r.pick(REFERRAL_UNITS.filter((u) => u !== from.unit));
    const status = r.weighted([['PENDING', 30], ['ACCEPTED', 40], ['DECLINED', 10], ['CLOSED', 20]] as const);
    this.referral(chunk, familyId, r.chance(0.5) ? from.subject : r.pick(persons), from.unit, to, status, from.openedOn + r.int(1, 60) * DAY_MS);
  }

  private referral(chunk: Chunk, familyId: number, person: Person, from: string, to: string, status: string, requested: number): void {
    const r = this.random;
    const by = r.pick(this.workers.get(from)!);
    const answered = status === 'PENDING' ? null : requested + r.int(1, 14) * DAY_MS;
    const answeredBy = answered ? r.pick(this.workers.get(to)!) : null;
    const declined = status === 'DECLINED' || (status === 'CLOSED' && r.chance(0.2));
    const closed = status === 'CLOSED' ? answered! + r.int(14, 120) * DAY_MS : null;
    chunk['core.referral'].push([
      this.nextId.referral++, familyId, person.id, from, to, REFERRAL_REASONS[to]!, status, new Date(requested), by,
      answered ? new Date(answered) : null, answeredBy, declined && answered ? '已由其他資源服務中' : null,
      closed ? new Date(closed) : null, closed ? by : null, closed ? '服務目標達成' : null,
      // The sending unit refers from a case of its own on the family.
      true,
    ]);
  }

  private birthDate(age: number): Date {
    return new Date(Date.UTC(YEAR - age, this.random.int(0, 11), this.random.int(1, 28)));
  }

  private personName(male: boolean): string {
    return this.random.weighted(SURNAMES) + givenName(male, () => this.random.next());
  }

  private nameFor(plan: MemberPlan, district: DistrictCode, headSurname: string, immigrant: boolean): string {
    const r = this.random;
    if (immigrant) return r.pick(NEW_IMMIGRANT_NAMES);
    if (district === 'HEPING' && r.chance(0.6)) return r.pick(INDIGENOUS_NAMES);
    const sharesSurname = ['HEAD', 'CHILD', 'GRANDCHILD', 'PARENT'].includes(plan.relationship) && r.chance(0.85);
    return (sharesSurname ? headSurname : r.weighted(SURNAMES)) + givenName(plan.male, () => r.next());
  }

  /** Unique per person: the serial is a bijection of the person id below 10^7. */
  private nationalIdFor(personId: number, plan: MemberPlan, immigrant: boolean): string | null {
    const r = this.random;
    const serial = (personId * 7919 + 1_234_567) % 10_000_000;
    const letter = r.weighted([['B', 70], ['L', 25], ['A', 3], ['N', 2]] as const);
    if (immigrant) return r.chance(0.8) ? makeNationalId(letter, plan.male ? '8' : '9', serial) : makeNationalId(letter, plan.male ? 'A' : 'B', serial);
    if (r.chance(0.03)) return null; // migrants' children, undocumented persons
    if (r.chance(0.012)) return makeNationalId(letter, plan.male ? '8' : '9', serial);
    if (r.chance(0.003)) return makeNationalId(letter, plan.male ? 'C' : 'D', serial);
    return makeNationalId(letter, plan.male ? '1' : '2', serial);
  }
}

function showcasePlans(): MemberPlan[] {
  return [
    { relationship: 'HEAD', male: true, age: 44 },
    { relationship: 'SPOUSE', male: false, age: 41 },
    { relationship: 'PARENT', male: true, age: 72 },
    { relationship: 'CHILD', male: false, age: 15 },
    { relationship: 'CHILD', male: true, age: 9 },
  ];
}
