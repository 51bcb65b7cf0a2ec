// Links agency records to the master person index: by a valid national ID
// first; otherwise by name + birth date, taken only when exactly one person
// matches (and, given a household, that person lives in it). Two people who
// could both be meant are never merged: the record goes to quarantine.
import { prisma } from '../../src/db/prisma.ts';
import { validateNationalId } from '../../src/domain/national-id.ts';

export interface IdentityClaim {
  nationalId: string | null;
  name: string | null;
  birthDate: Date | null;
}

export type LinkResult = { ok: true; personId: number; by: 'NATIONAL_ID' | 'NAME_AND_BIRTH_DATE' } | { ok: false; reason: string };

const dayKey = (name: string, date: Date) => `${name}|${date.toISOString().slice(0, 10)}`;

/** Links a batch with two statements, whatever its size. */
export async function linkIdentities(claims: readonly IdentityClaim[]): Promise<LinkResult[]> {
  const validIds = claims.map((c) => (c.nationalId ? validateNationalId(c.nationalId) : null));
  const ids = [...new Set(validIds.flatMap((v) => (v?.ok ? [v.value] : [])))];
  const byId = new Map(
    (ids.length ? await prisma().person.findMany({ where: { nationalId: { in: ids } }, select: { id: true, nationalId: true } }) : []).map((p) => [p.nationalId!, p.id]),
  );
  const fallback = claims.filter((c, i) => !(validIds[i]?.ok && byId.has((validIds[i] as { value: string }).value)) && c.name && c.birthDate);
  const candidates = new Map<string, number[]>();
  if (fallback.length) {
    const rows = await prisma().$queryRaw<{ id: number; name: string; birth_date: Date }[]>`
      SELECT p.id, p.name, p.birth_date FROM core.person p
      JOIN unnest(${fallback.map((c) => c.name!)}::text[], ${fallback.map((c) => c.birthDate!)}::date[]) AS k(name, birth_date)
        ON p.name = k.name AND p.birth_date = k.birth_date`;
    for (const row of rows) {
      const key = dayKey(row.name, row.birth_date);
      candidates.set(key, [...new Set([...(candidates.get(key) ?? []), row.id])]);
    }
  }
  return claims.map((claim, i) => {
    const checked = validIds[i];
    if (checked?.ok && byId.has(checked.value)) return { ok: true, personId: byId.get(checked.value)!, by: 'NATIONAL_ID' };
    if (!claim.name || !claim.birthDate) {
      return { ok: false, reason: checked && !checked.ok ? `national ID ${checked.reason}, and no name and birth date to match on` : 'no national ID, name or birth date to match on' };
    }
    const matches = candidates.get(dayKey(claim.name, claim.birthDate)) ?? [];
    if (matches.length === 1) return { ok: true, personId: matches[0]!, by: 'NAME_AND_BIRTH_DATE' };
    const idNote = checked && !checked.ok ? ` (national ID ${checked.reason})` : claim.nationalId ? ' (national ID unknown to the hub)' : '';
    return matches.length === 0
      ? { ok: false, reason: `no person with this name and birth date${idNote}` }
      : { ok: false, reason: `ambiguous identity: ${matches.length} persons share this name and birth date${idNote}; review needed` };
  });
}

