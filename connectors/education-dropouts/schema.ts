// The education-dropouts subgraph: dropout episodes and enrolments added to Person.
import { prisma } from '../../src/db/prisma.ts';
import type { DropoutEpisode, EducationEnrolment } from '../../src/generated/prisma/client.ts';
import type { HubContext } from '../../src/graph/context.ts';
import { enforcePolicy } from '../../src/policy/enforce.ts';
import { freshnessFields } from '../kit/freshness.ts';
import { extendIndicatorReport } from '../kit/indicators.ts';
import { personRowRelations, resolvePersonEntity } from '../kit/person-entity.ts';
import { createSubgraphBuilder, personRowsLoader } from '../kit/subgraph-builder.ts';
import { dropoutPolicy } from './policy.ts';
import { dropoutCohort, educationDayCounts, educationIndicatorCounts } from './indicators.ts';
import { CONNECTOR } from './sync.ts';
import { studentsOutOfSchool, type OutOfSchool, type OutOfSchoolPage } from './dropout-worklist.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { CONNECTOR_CADENCES } from '../cadences.ts';

const DROPOUTS = { connector: CONNECTOR, source: 'Education Bureau dropout register (中輟通報及復學系統)', cadenceHours: CONNECTOR_CADENCES[CONNECTOR]!.staleAfterHours };
const ENROLMENTS = { connector: CONNECTOR, source: 'Education Bureau enrolment register (學籍)', cadenceHours: CONNECTOR_CADENCES[CONNECTOR]!.staleAfterHours };

const builder = createSubgraphBuilder();
builder.queryType({ description: 'Adds dropout episodes and enrolments to Person; one entry point, the Education Bureau’s worklist of students out of school.' });

const EpisodeRef = builder.objectRef<DropoutEpisode>('DropoutEpisode').implement({
  description: 'A dropout episode (中輟) of a student: from leaving school to returning, and the school referral.',
  fields: (t) => ({
    schoolCode: t.exposeString('schoolCode', { nullable: true, description: 'Code of the school.' }),
    startedOn: t.field({ type: 'Date', nullable: true, description: 'First day out of school.', resolve: (e) => e.startedOn }),
    returnedOn: t.field({ type: 'Date', nullable: true, description: 'Day of return to school; null while out.', resolve: (e) => e.returnedOn }),
    referredToCounselling: t.exposeBoolean('referredToCounselling', { nullable: true, description: 'Referred by the school to counselling (學校轉介).' }),
    caseOpened: t.exposeBoolean('caseOpened', { nullable: true, description: 'Whether the referral opened a counselling case (開案).' }),
    ...freshnessFields(t, DROPOUTS),
  }),
});

const LEVELS = [
  { upTo: 6, from: 0, label: 'elementary school', labelZh: '國小' },
  { upTo: 9, from: 6, label: 'junior high school', labelZh: '國中' },
  { upTo: 12, from: 9, label: 'senior high school', labelZh: '高中' },
] as const;
const ZH_NUMERALS = ['一', '二', '三', '四', '五', '六'];

function gradeLabels(grade: number): { label: string; labelZh: string } {
  const level = LEVELS.find((l) => grade <= l.upTo) ?? LEVELS[2];
  const year = grade - level.from;
  return { label: `Grade ${grade} (${level.label}, year ${year})`, labelZh: `${level.labelZh}${ZH_NUMERALS[year - 1] ?? year}年級` };
}

const EnrolmentStatusEnum = builder.enumType('EducationEnrolmentStatus', {
  description: 'Whether the student is still enrolled at the school.',
  values: {
    ENROLLED: { description: 'Enrolled (在學)' },
    LEFT: { description: 'Left the school: transferred, graduated or withdrawn (離校)' },
  },
});

const EnrolmentRef = builder.objectRef<EducationEnrolment>('EducationEnrolment').implement({
  description: 'An enrolment (在學紀錄) of a student at a school, from the Education Bureau: school, grade, from and to.',
  fields: (t) => ({
    schoolCode: t.exposeString('schoolCode', { nullable: true, description: 'Six-digit code of the school (學校代碼).' }),
    grade: t.exposeInt('grade', {
      nullable: true,
      description: 'Years of schooling: 1–6 elementary (國小), 7–9 junior high (國中), 10–12 senior high (高中/高職).',
    }),
    gradeLabel: t.string({ nullable: true, description: 'The grade in words, in English.', resolve: (e) => gradeLabels(e.grade).label }),
    gradeLabelZh: t.string({ nullable: true, description: 'The grade in words, in Chinese (e.g. 國中一年級).', resolve: (e) => gradeLabels(e.grade).labelZh }),
    enrolledOn: t.field({ type: 'Date', nullable: true, description: 'Day of enrolment at the school.', resolve: (e) => e.enrolledOn }),
    leftOn: t.field({ type: 'Date', nullable: true, description: 'Day the student left the school; null while enrolled.', resolve: (e) => e.leftOn }),
    status: t.field({
      type: EnrolmentStatusEnum,
      nullable: true,
      description: 'Enrolled, or left the school (by leftOn and today).',
      resolve: (e) => (e.leftOn === null || e.leftOn > new Date() ? 'ENROLLED' : 'LEFT'),
    }),
    ...freshnessFields(t, ENROLMENTS),
  }),
});

function enrolmentsOf(ctx: HubContext) {
  return personRowsLoader(ctx, 'education.enrolment', (ids) =>
    prisma().educationEnrolment.findMany({ where: { personId: { in: ids } }, orderBy: [{ enrolledOn: 'desc' }, { sourceKey: 'asc' }] }),
  );
}

function episodesOf(ctx: HubContext) {
  return personRowsLoader(ctx, 'education.dropout', (ids) => prisma().dropoutEpisode.findMany({ where: { personId: { in: ids } }, orderBy: { startedOn: 'desc' } }));
}

const PersonRef = builder.externalRef('Person', builder.selection<{ id: string }>('id'), resolvePersonEntity);

PersonRef.implement({
  description: 'A person of the master person index (owned by core), with what the Education Bureau knows.',
  externalFields: (t) => ({ id: t.id({ nullable: false, description: 'Global ID of the person (owned by core).' }) }),
  fields: (t) => ({
    dropoutEpisodes: t.field({
      type: [EpisodeRef],
      nullable: true,
      description: 'Dropout episodes of the person, newest first.',
      resolve: (person, _args, ctx) => episodesOf(ctx).load(person.rowId),
    }),
    enrolments: t.field({
      type: [EnrolmentRef],
      nullable: true,
      description: 'Enrolments of the person at schools (在學紀錄), newest first.',
      resolve: (person, _args, ctx) => enrolmentsOf(ctx).load(person.rowId),
    }),
  }),
});

const OutOfSchoolRef = builder.objectRef<OutOfSchool>('StudentOutOfSchool').implement({
  description: 'A student in a dropout episode (中輟), still out of school.',
  fields: (t) => ({
    person: t.field({ type: PersonRef, nullable: true, description: 'The student (fields follow the person rules).', resolve: (s) => ({ id: encodeGlobalID('Person', s.personId), rowId: s.personId }) }),
    schoolCode: t.exposeString('schoolCode', { nullable: true, description: 'School the student left.' }),
    district: t.exposeString('district', { nullable: true, description: "District of the student's current family; null when none is known." }),
    startedOn: t.field({ type: 'Date', nullable: true, description: 'First day out of school.', resolve: (s) => s.startedOn }),
    daysOut: t.exposeInt('daysOut', { nullable: true, description: 'Days out of school so far.' }),
  }),
});

const OutOfSchoolPageRef = builder.objectRef<OutOfSchoolPage>('StudentsOutOfSchool').implement({
  description: 'A page of students out of school, by school and district, the longest out first within each.',
  fields: (t) => ({
    totalCount: t.exposeInt('totalCount', { nullable: true, description: 'Students matching, over all pages.' }),
    entries: t.field({ type: [OutOfSchoolRef], nullable: true, description: 'This page.', resolve: (p) => p.entries }),
  }),
});

builder.queryField('studentsOutOfSchool', (t) =>
  t.field({
    type: OutOfSchoolPageRef,
    nullable: true,
    description: 'EDUCATION only: students in a dropout episode still out of school, by school and district (offset paging, at most 100 a page).',
    args: {
      district: t.arg.string({ description: "District code of the student's current family." }),
      schoolCode: t.arg.string({ description: 'Six-digit school code.' }),
      first: t.arg.int({ description: 'Page size (0–100; default 100).' }),
      offset: t.arg.int({ description: 'Entries to skip (0 or more).' }),
    },
    resolve: (_root, args, ctx) => studentsOutOfSchool(ctx, args),
  }),
);

extendIndicatorReport(builder, {
  subgraph: CONNECTOR,
  indicators: { field: 'educationIndicators', owner: CONNECTOR, description: 'Education indicators from the dropout register: school referrals opened as cases.', counts: educationIndicatorCounts, dayCounts: educationDayCounts },
  publishesCohort: { field: 'dropoutCohort', description: 'Sealed: persons in a dropout episode during the report’s year, for cross-agency indicators.', members: dropoutCohort },
});

export const dropoutSchema = enforcePolicy(
  builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6', federationDirectives: ['@key', '@extends', '@external', '@shareable', '@inaccessible'] }),
  dropoutPolicy,
  personRowRelations,
);
