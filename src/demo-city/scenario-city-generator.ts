// The demo city's households and people, with case work that a scenario
// counts exactly: cases in service during the year, contacts of
// vulnerable-family cases by kind, protective intakes and re-reports. Every
// choice that decides a count is drawn from a bag of fixed size (exact.ts),
// and every date that decides whether a record falls in the year is kept
// clear of the year's edges in UTC and in Taipei time alike. Cases closed the
// year before and opened the year after are added around the counted ones;
// the indicator SQL must leave them out.
//
// Re-reports are not drawn as flags: the seed derives the flag from the
// records by the hub's rule (src/domain/re-report.ts), and the timelines are
// built so that the rule finds exactly the scenario's re-reports. A family
// has at most one protective case; its re-reports arrive on days after the
// case opened while it is in service; the intake that opened it arrives no
// later than its opening day; screened-out reports go to families without a
// protective case. So every other protective intake arrives when no
// protective case of its family is in service.
import type { DistrictCode } from '../domain/codes.ts';
import { isProtectiveKind, PROTECTIVE_KINDS } from '../domain/re-report.ts';
import type { CaseKind, ContactKind } from '../generated/prisma/enums.ts';
import { CASE_KINDS, CityGenerator, DAY_MS, HOUR_MS, type CityPlan, type GeneratedCase, type Person } from './city-generator.ts';
import { Bag, evenShare, yesBag } from './exact.ts';
import { NGO_ASSIGNED_SHARE, OWNER_UNIT, RISK_ASSESSED_KINDS, SUBJECT_AGES } from './figures.ts';
import type { Chunk } from './rows.ts';
import type { Scenario } from './scenarios.ts';

/** Cases around the counted ones, as shares of them: closed during the year before, opened during the year after. */
const CLOSED_BEFORE_SHARE = 0.03;
const OPENED_AFTER_SHARE = 0.01;
/** Counted cases opened the year before and still in service, and counted cases that close during the year. */
const CARRIED_OVER_SHARE = 0.15;
const CLOSING_SHARE = 0.35;
/** Family 1, the multi-agency showcase, has these cases, opened on 6 February of the year. */
const SHOWCASE_KINDS: readonly CaseKind[] = ['VULNERABLE_FAMILY', 'MENTAL_HEALTH'];

type Timing = 'COUNTED' | 'CLOSED_BEFORE' | 'OPENED_AFTER';

const byKind = <T>(make: (kind: CaseKind) => T) => Object.fromEntries(CASE_KINDS.map((kind) => [kind, make(kind)])) as Record<CaseKind, T>;

/** Counted cases of a kind outside the showcase family, which has its own. */
function countedOutsideShowcase(scenario: Scenario, kind: CaseKind): number {
  return scenario.casesInService[kind] - (SHOWCASE_KINDS.includes(kind) ? 1 : 0);
}

function aroundCounted(scenario: Scenario, kind: CaseKind): { closedBefore: number; openedAfter: number } {
  const counted = scenario.casesInService[kind];
  return { closedBefore: Math.round(counted * CLOSED_BEFORE_SHARE), openedAfter: Math.round(counted * OPENED_AFTER_SHARE) };
}

/** How many counted cases of a kind were opened the year before. */
function carriedOver(scenario: Scenario, kind: CaseKind): number {
  return Math.round(countedOutsideShowcase(scenario, kind) * CARRIED_OVER_SHARE);
}

/** Families with a protective case: one case each, so a family's protective intakes meet at most one case in service. */
function protectiveFamilies(caseQuota: Record<CaseKind, number>): number {
  return PROTECTIVE_KINDS.reduce((sum, kind) => sum + caseQuota[kind], 0);
}

export function planScenarioCity(scenario: Scenario): CityPlan {
  const caseQuota = byKind((kind) => {
    const around = aroundCounted(scenario, kind);
    return countedOutsideShowcase(scenario, kind) + around.closedBefore + around.openedAfter;
  });
  for (const kind of CASE_KINDS) {
    // Family 1 is the showcase; a family has at most one case of a kind.
    if (caseQuota[kind] > scenario.families - 1) throw new Error(`Scenario ${scenario.name}: ${caseQuota[kind]} ${kind} cases need more than ${scenario.families} families`);
  }
  const protective = protectiveFamilies(caseQuota);
  if (protective > scenario.families - 1) throw new Error(`Scenario ${scenario.name}: ${protective} protective cases need more than ${scenario.families} families`);
  return { families: scenario.families, caseQuota, protectiveIntakes: scenario.protectiveIntakes };
}

export class ScenarioCityGenerator extends CityGenerator {
  private readonly year: number;
  /** Whether a family other than the showcase has a case of the (non-protective) kind. */
  private readonly hasCase: Partial<Record<CaseKind, Bag<boolean>>>;
  /** The kind of the one protective case of a family other than the showcase, or null for none. */
  private readonly protectiveKind: Bag<CaseKind | null>;
  private readonly timing: Record<CaseKind, Bag<Timing>>;
  private readonly openedYearBefore: Record<CaseKind, Bag<boolean>>;
  private readonly reReported: Bag<boolean>;
  private readonly screenedOut: Bag<boolean>;
  private readonly contactKinds: Bag<ContactKind>;
  private readonly vulnerableFamilyContacts: number;
  private countedVulnerableFamilyCases = 0;

  constructor(private readonly scenario: Scenario, seed: number) {
    const plan = planScenarioCity(scenario);
    super(plan, seed);
    this.year = scenario.year;
    const others = scenario.families - 1;
    const nonProtective = CASE_KINDS.filter((kind) => !isProtectiveKind(kind));
    this.hasCase = Object.fromEntries(nonProtective.map((kind) => [kind, yesBag(this.random, plan.caseQuota[kind], others)]));
    const withoutProtective = others - protectiveFamilies(plan.caseQuota);
    this.protectiveKind = new Bag<CaseKind | null>(this.random, [...PROTECTIVE_KINDS.map((kind) => [kind, plan.caseQuota[kind]] as const), [null, withoutProtective]]);
    this.timing = byKind((kind) => {
      const around = aroundCounted(scenario, kind);
      return new Bag<Timing>(this.random, [['COUNTED', countedOutsideShowcase(scenario, kind)], ['CLOSED_BEFORE', around.closedBefore], ['OPENED_AFTER', around.openedAfter]]);
    });
    this.openedYearBefore = byKind((kind) => yesBag(this.random, carriedOver(scenario, kind), countedOutsideShowcase(scenario, kind)));
    const countedProtective = PROTECTIVE_KINDS.reduce((sum, kind) => sum + countedOutsideShowcase(scenario, kind), 0);
    // Each protective case opened during the year came in through an intake that year.
    const openingIntakes = PROTECTIVE_KINDS.reduce((sum, kind) => sum + countedOutsideShowcase(scenario, kind) - carriedOver(scenario, kind), 0);
    const screenedOut = scenario.protectiveIntakes - openingIntakes - scenario.reReports;
    if (screenedOut < 0 || screenedOut > withoutProtective || scenario.reReports > countedProtective) {
      throw new Error(`Scenario ${scenario.name}: ${scenario.protectiveIntakes} protective intakes cannot hold ${openingIntakes} case openings and ${scenario.reReports} re-reports`);
    }
    // At most one re-report per counted protective case, on a day of the year it is in service.
    this.reReported = yesBag(this.random, scenario.reReports, countedProtective);
    this.screenedOut = yesBag(this.random, screenedOut, withoutProtective);
    this.contactKinds = new Bag(this.random, scenario.vulnerableFamilyContacts);
    this.vulnerableFamilyContacts = scenario.vulnerableFamilyContacts.reduce((sum, [, n]) => sum + n, 0);
  }

  protected override caseWork(_index: number, familyId: number, district: DistrictCode, persons: Person[], chunk: Chunk, showcase: boolean): void {
    const cases: GeneratedCase[] = [];
    const counted: GeneratedCase[] = [];
    const protective = showcase ? null : this.protectiveKind.draw();
    for (const kind of CASE_KINDS) {
      const has = showcase ? SHOWCASE_KINDS.includes(kind) : isProtectiveKind(kind) ? kind === protective : this.hasCase[kind]!.draw();
      if (!has) continue;
      const timing = showcase ? 'COUNTED' : this.timing[kind].draw();
      const made = this.openCase(kind, timing, familyId, district, persons, chunk, showcase);
      cases.push(made);
      if (timing === 'COUNTED') counted.push(made);
    }
    // Hours up to 15 UTC keep a received time on the same Taipei date (UTC+8), so the year's edges, and the
    // days the re-report rule compares with the cases' dates, agree in both.
    for (const c of cases.filter((c) => isProtectiveKind(c.kind))) this.intake(chunk, familyId, c.kind, c.subject, this.openingIntakeAt(c), c.id);
    for (const c of counted.filter((c) => isProtectiveKind(c.kind))) {
      if (this.reReported.draw()) this.intake(chunk, familyId, c.kind, c.subject, this.dayAfterOpening(c) + this.random.int(0, 15) * HOUR_MS, c.id);
    }
    if (!showcase && protective === null && this.screenedOut.draw()) {
      const received = Date.UTC(this.year, this.random.int(0, 11), this.random.int(1, 28), this.random.int(0, 15));
      this.intake(chunk, familyId, this.random.pick(PROTECTIVE_KINDS), this.random.pick(persons), received, null);
    }
    this.referralsFor(familyId, persons, cases, chunk, showcase);
  }

  private openCase(kind: CaseKind, timing: Timing, familyId: number, district: DistrictCode, persons: Person[], chunk: Chunk, showcase: boolean): GeneratedCase {
    const r = this.random;
    const id = this.nextId.case++;
    const [minAge, maxAge] = SUBJECT_AGES[kind];
    const fitting = persons.filter((p) => p.plan.age >= minAge && p.plan.age <= maxAge);
    const subject = showcase ? persons[kind === 'MENTAL_HEALTH' ? 1 : 0]! : fitting.length ? r.pick(fitting) : persons[persons.length - 1]!;
    const { openedOn, closedOn } = showcase ? { openedOn: Date.UTC(this.year, 1, 6), closedOn: null } : this.serviceDates(kind, timing);
    const unit = OWNER_UNIT[kind];
    const risk = RISK_ASSESSED_KINDS.includes(kind) ? r.weighted([['LOW', 30], ['MODERATE', 40], ['HIGH', 22], ['VERY_HIGH', 8]] as const) : null;
    chunk['core."case"'].push([
      id, kind, closedOn ? 'CLOSED' : 'OPEN', familyId, subject.id, unit, r.pick(this.workers.get(unit)!), null, district, risk,
      new Date(openedOn), closedOn ? new Date(closedOn) : null,
    ]);
    if (isProtectiveKind(kind) && r.chance(0.75)) subject.row[7] = true;
    const made: GeneratedCase = { id, kind, subject, openedOn, closedOn, unit };
    if (kind === 'VULNERABLE_FAMILY' && timing === 'COUNTED') this.countedContacts(made, chunk);
    else this.contactsFor(id, kind, unit, openedOn, closedOn, chunk);
    if (showcase ? kind === 'VULNERABLE_FAMILY' : r.chance(NGO_ASSIGNED_SHARE[kind] ?? 0)) this.assignmentFor(id, district, openedOn, chunk, showcase);
    return made;
  }

  /** Opening and closing dates (UTC midnight) by the case's place in time; days 1–28 keep every month valid. */
  private serviceDates(kind: CaseKind, timing: Timing): { openedOn: number; closedOn: number | null } {
    const r = this.random;
    const y = this.year;
    if (timing === 'CLOSED_BEFORE') {
      const openedOn = Date.UTC(y - 2, r.int(0, 11), r.int(1, 28));
      return { openedOn, closedOn: Math.min(Date.UTC(y - 1, 11, 31), openedOn + r.int(30, 400) * DAY_MS) };
    }
    // From the 3rd: its opening intake, up to 47 hours earlier, falls in the year after too.
    if (timing === 'OPENED_AFTER') return { openedOn: Date.UTC(y + 1, r.int(0, 5), r.int(3, 28)), closedOn: null };
    if (this.openedYearBefore[kind].draw()) {
      return { openedOn: Date.UTC(y - 1, r.int(0, 11), r.int(1, 28)), closedOn: r.chance(CLOSING_SHARE) ? Date.UTC(y, r.int(0, 11), r.int(1, 28)) : null };
    }
    const openedOn = Date.UTC(y, r.int(0, 11), r.int(1, 28));
    return { openedOn, closedOn: r.chance(CLOSING_SHARE) ? Math.min(Date.UTC(y, 11, 31), openedOn + r.int(30, 300) * DAY_MS) : null };
  }

  /** A counted vulnerable-family case's contacts: the year's totals dealt evenly over the cases, kinds from the bag, dated while it is in service. */
  private countedContacts(c: GeneratedCase, chunk: Chunk): void {
    const count = evenShare(this.countedVulnerableFamilyCases++, this.vulnerableFamilyContacts, this.scenario.casesInService.VULNERABLE_FAMILY);
    for (let i = 0; i < count; i++) {
      chunk['core.service_contact'].push([this.nextId.contact++, c.id, this.contactKinds.draw(), new Date(this.dayInService(c)), c.unit, this.random.pick(this.workers.get(c.unit)!)]);
    }
  }

  /** A day of the year on which the counted case is in service. */
  private dayInService(c: GeneratedCase): number {
    const first = Math.max(c.openedOn, Date.UTC(this.year, 0, 1));
    const last = Math.min(c.closedOn ?? Date.UTC(this.year, 11, 31), Date.UTC(this.year, 11, 31));
    return first + this.random.int(0, Math.round((last - first) / DAY_MS)) * DAY_MS;
  }

  /**
   * A day of the year after the counted case's opening day on which it is in
   * service: the re-report rule does not count a case on its opening day (the
   * report that opened it arrived then). A case opened in the year closes 30
   * days or more later, at the year's end at the latest, or stays open, so
   * such a day exists.
   */
  private dayAfterOpening(c: GeneratedCase): number {
    const first = Math.max(c.openedOn + DAY_MS, Date.UTC(this.year, 0, 1));
    const last = Math.min(c.closedOn ?? Date.UTC(this.year, 11, 31), Date.UTC(this.year, 11, 31));
    return first + this.random.int(0, Math.round((last - first) / DAY_MS)) * DAY_MS;
  }

  /**
   * When the intake that opened the case came in: up to 47 hours before it
   * opened, but not before the year began when it opened in the year (so
   * each opening in the year counts an intake in it).
   */
  private openingIntakeAt(c: GeneratedCase): number {
    const received = c.openedOn - this.random.int(0, 47) * HOUR_MS;
    const yearStart = Date.UTC(this.year, 0, 1);
    return c.openedOn >= yearStart && c.openedOn < Date.UTC(this.year + 1, 0, 1) ? Math.max(received, yearStart) : received;
  }

  /** An intake, triaged within 24 hours; the seed derives whether it is a re-report. */
  private intake(chunk: Chunk, familyId: number, kind: CaseKind, subject: Person, received: number, caseId: number | null): void {
    const r = this.random;
    const triaged = received + r.int(1, 20) * HOUR_MS + r.int(0, 59) * 60_000;
    const dispatched = triaged + r.int(10, 120) * 60_000;
    chunk['core.intake'].push([
      this.nextId.intake++, kind, familyId, subject.id, new Date(received), new Date(triaged), new Date(dispatched),
      kind === 'CHILD_PROTECTION' && r.chance(0.3) ? 'SOCIAL' : 'PROTECTION', caseId, r.pick(this.workers.get('PROTECTION')!),
    ]);
  }
}
