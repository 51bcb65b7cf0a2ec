// Purpose-bound search: the way to reach a person or family without an opaque
// ID, for case work and intake. One criterion set per search: an exact
// national ID; a name with a birth date (the name normalised as identity
// linking reads it); a household number; an address prefix within a
// district. A name alone is refused: it is how a fishing search starts.
// Results are few (at most SEARCH_LIMIT) and are Person and Family objects,
// so every field follows the field policy (masked for a unit that does not
// serve the family); opening the family view then follows need-to-know as
// usual. Each search is audited with its criteria and the persons found.
// Persons with a confidential address (protected victims) are found only by
// PROTECTION: to anyone else, being found at all says too much (by address
// or household number, where she lives; by name, that she is in the city).
import { GraphQLError } from 'graphql';
import { nameKey } from '../../../connectors/kit/name-normalisation.ts';
import { prisma } from '../../db/prisma.ts';
import { DISTRICT_CODES } from '../../domain/codes.ts';
import { validateNationalId } from '../../domain/national-id.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import type { HubContext } from '../context.ts';
import { currentMembershipWhere } from '../membership-period.ts';
import { familyScope, personScope, scoped } from '../row-scope.ts';
import { FamilyRef } from './family.ts';
import { PersonRef } from './person.ts';

/** At most this many persons or families per search. */
export const SEARCH_LIMIT = 10;
/** Shorter than this, an address prefix names a city or a whole district: city (3 characters), district (3) and the start of a street (3). */
const MIN_ADDRESS_PREFIX = 9;

interface Criteria {
  nationalId?: string | null;
  name?: string | null;
  birthDate?: Date | null;
  householdNumber?: string | null;
  address?: string | null;
  district?: string | null;
}

const PersonSearchInput = builder.inputType('PersonSearchInput', {
  description: 'One criterion set: nationalId alone; name with birthDate; householdNumber alone; or address (a prefix) with district. A name alone is refused.',
  fields: (t) => ({
    nationalId: t.string({ description: 'National ID or resident certificate number, exactly.' }),
    name: t.string({ description: 'Full name; spaces, full-width letters and name separators are ignored. Needs birthDate.' }),
    birthDate: t.field({ type: 'Date', description: 'Birth date, with name.' }),
    householdNumber: t.string({ description: "The household registry's household number, exactly." }),
    address: t.string({ description: `Beginning of the address (at least ${MIN_ADDRESS_PREFIX} characters), with district.` }),
    district: t.string({ description: 'District code, with address.' }),
  }),
});

const badInput = (field: string, reason: string) => new GraphQLError(`${field}: ${reason}`, { extensions: { code: 'BAD_USER_INPUT', field } });

type Search =
  | { kind: 'nationalId'; nationalId: string }
  | { kind: 'nameAndBirthDate'; key: string; birthDate: Date }
  | { kind: 'householdNumber'; householdNumber: string }
  | { kind: 'address'; prefix: string; district: string };

/** Which search the criteria ask for, or BAD_USER_INPUT naming the field. */
export function searchOf(input: Criteria): Search {
  const given = (Object.keys(input) as (keyof Criteria)[]).filter((k) => input[k] !== null && input[k] !== undefined && input[k] !== '');
  const only = (...fields: (keyof Criteria)[]) => given.length === fields.length && fields.every((f) => given.includes(f));
  if (only('nationalId')) {
    const check = validateNationalId(input.nationalId!);
    if (!check.ok) throw badInput('nationalId', check.reason);
    return { kind: 'nationalId', nationalId: check.value };
  }
  if (only('name', 'birthDate')) {
    const key = nameKey(input.name!);
    if (key.length < 2 || key.length > 100) throw badInput('name', 'must be a full name (2–100 characters)');
    return { kind: 'nameAndBirthDate', key, birthDate: input.birthDate! };
  }
  if (only('householdNumber')) {
    const householdNumber = input.householdNumber!.trim().toUpperCase();
    if (!/^[A-Z0-9]{4,20}$/.test(householdNumber)) throw badInput('householdNumber', 'must be 4–20 letters and digits');
    return { kind: 'householdNumber', householdNumber };
  }
  if (only('address', 'district')) {
    if (!(DISTRICT_CODES as readonly string[]).includes(input.district!)) throw badInput('district', 'is not a district code');
    const prefix = input.address!.normalize('NFKC').trim();
    if (prefix.length < MIN_ADDRESS_PREFIX || prefix.length > 200) throw badInput('address', `must be ${MIN_ADDRESS_PREFIX}–200 characters`);
    return { kind: 'address', prefix, district: input.district! };
  }
  if (only('name')) throw badInput('birthDate', 'is required with name: a search by name alone is refused');
  if (given.length === 0) throw badInput('by', 'name one criterion set: nationalId; name and birthDate; householdNumber; or address and district');
  throw badInput('by', `${given.join(', ')} is not a criterion set: use nationalId; name and birthDate; householdNumber; or address and district`);
}

/** What the audit entry keeps of a search: its kind and values, so an auditor sees what was looked for. */
function criteriaRecord(search: Search): string {
  switch (search.kind) {
    case 'nationalId': return `Search:nationalId=${search.nationalId}`;
    case 'nameAndBirthDate': return `Search:name=${search.key};birthDate=${search.birthDate.toISOString().slice(0, 10)}`;
    case 'householdNumber': return `Search:householdNumber=${search.householdNumber}`;
    case 'address': return `Search:district=${search.district};address=${search.prefix}`;
  }
}

/** Person ids matching, one indexed statement, at most SEARCH_LIMIT + 1 (to tell a cut list). */
async function matchingPersonIds(search: Search, ctx: HubContext): Promise<number[]> {
  const hideConfidential = ctx.viewer.unit === 'PROTECTION' ? Prisma.empty : Prisma.sql`AND NOT p.address_confidential`;
  const limit = SEARCH_LIMIT + 1;
  let rows: { id: number }[];
  switch (search.kind) {
    case 'nationalId':
      rows = await prisma().$queryRaw`SELECT p.id FROM core.person p WHERE p.national_id = ${search.nationalId} ${hideConfidential}`;
      break;
    case 'nameAndBirthDate':
      rows = await prisma().$queryRaw`SELECT p.id FROM core.person p WHERE core.name_key(p.name) = ${search.key} AND p.birth_date = ${search.birthDate}::date ${hideConfidential}
        ORDER BY p.id LIMIT ${limit}`;
      break;
    case 'householdNumber':
      rows = await prisma().$queryRaw`SELECT p.id FROM household.registration r JOIN core.person p ON p.id = r.person_id
        WHERE r.household_number = ${search.householdNumber} ${hideConfidential} ORDER BY p.id LIMIT ${limit}`;
      break;
    case 'address':
      // Ordered as the text_pattern_ops index is (~<~), so a broad prefix reads the first rows, not all of them.
      rows = await prisma().$queryRaw`SELECT p.id FROM core.person p
        WHERE p.district_code = ${search.district} AND p.address LIKE ${`${search.prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ${hideConfidential}
        ORDER BY p.address USING ~<~, p.id LIMIT ${limit}`;
      break;
  }
  return rows.map((r) => r.id);
}

interface PersonResults {
  persons: Prisma.PersonGetPayload<object>[];
  truncated: boolean;
}

const PersonSearchResultRef = builder.objectRef<PersonResults>('PersonSearchResult').implement({
  description: 'Persons found; every field follows the person policy.',
  fields: (t) => ({
    persons: t.field({ type: [PersonRef], description: `At most ${SEARCH_LIMIT}, in a stable order.`, resolve: (r) => r.persons }),
    truncated: t.exposeBoolean('truncated', { description: 'More persons matched than are listed: narrow the search.' }),
  }),
});

interface FamilyResults {
  families: Prisma.FamilyGetPayload<object>[];
  truncated: boolean;
}

const FamilySearchResultRef = builder.objectRef<FamilyResults>('FamilySearchResult').implement({
  description: 'Families whose current members were found; opening one follows need-to-know.',
  fields: (t) => ({
    families: t.field({ type: [FamilyRef], description: `At most ${SEARCH_LIMIT}.`, resolve: (r) => r.families }),
    truncated: t.exposeBoolean('truncated', { description: 'More matched than are listed: narrow the search.' }),
  }),
});

async function searchPersons(input: Criteria, ctx: HubContext): Promise<PersonResults> {
  const search = searchOf(input);
  ctx.accessLog.records.add(criteriaRecord(search));
  const ids = await matchingPersonIds(search, ctx);
  const persons = await prisma().person.findMany({ where: scoped({ id: { in: ids.slice(0, SEARCH_LIMIT) } }, personScope(ctx.viewer)), orderBy: { id: 'asc' } });
  return { persons, truncated: ids.length > SEARCH_LIMIT };
}

builder.queryFields((t) => ({
  searchPersons: t.field({
    type: PersonSearchResultRef,
    description: `Finds persons by one criterion set (see PersonSearchInput); at most ${SEARCH_LIMIT}. Case work and intake roles with a purpose; audited with the criteria.`,
    args: { by: t.arg({ type: PersonSearchInput, required: true, description: 'The criteria.' }) },
    resolve: (_root, args, ctx) => searchPersons(args.by, ctx),
  }),
  searchFamilies: t.field({
    type: FamilySearchResultRef,
    description: `Finds the current families of the persons a search finds (see PersonSearchInput); at most ${SEARCH_LIMIT}.`,
    args: { by: t.arg({ type: PersonSearchInput, required: true, description: 'The criteria.' }) },
    resolve: async (_root, args, ctx) => {
      const found = await searchPersons(args.by, ctx);
      const families = await prisma().family.findMany({
        where: scoped({ memberships: { some: { ...currentMembershipWhere(), personId: { in: found.persons.map((p) => p.id) } } } }, familyScope(ctx.viewer)),
        orderBy: { id: 'asc' },
        take: SEARCH_LIMIT + 1,
      });
      return { families: families.slice(0, SEARCH_LIMIT), truncated: found.truncated || families.length > SEARCH_LIMIT };
    },
  }),
}));
