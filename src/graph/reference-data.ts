// Network units and districts: reference tables of a few dozen rows that
// change only by migration, yet most views name one per row (a case's owner
// unit, a referral's two units, a contact's unit, every district). They are
// read once per process and kept, so a family view does not spend a
// statement on each; a reload every few minutes picks up an edit made by hand.
import { prisma } from '../db/prisma.ts';
import type { District, NetworkUnit } from '../generated/prisma/client.ts';

const RELOAD_AFTER_MS = 5 * 60_000;

interface ReferenceData {
  units: Map<string, NetworkUnit>;
  districts: Map<string, District>;
  loadedAt: number;
}

let current: ReferenceData | undefined;
let loading: Promise<ReferenceData> | undefined;

async function load(): Promise<ReferenceData> {
  const [units, districts] = await Promise.all([prisma().networkUnit.findMany(), prisma().district.findMany()]);
  return { units: new Map(units.map((u) => [u.code, u])), districts: new Map(districts.map((d) => [d.code, d])), loadedAt: Date.now() };
}

async function referenceData(): Promise<ReferenceData> {
  if (current && Date.now() - current.loadedAt < RELOAD_AFTER_MS) return current;
  // Requests arriving together share one load.
  loading ??= load().then(
    (data) => {
      current = data;
      loading = undefined;
      return data;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** Every network unit by code. */
export async function networkUnits(): Promise<ReadonlyMap<string, NetworkUnit>> {
  return (await referenceData()).units;
}

/** The unit of a code a row refers to (a foreign key, so it exists). */
export async function unitOf(code: string): Promise<NetworkUnit> {
  const unit = (await referenceData()).units.get(code);
  if (!unit) throw new Error(`No network unit ${code}`);
  return unit;
}

export async function districtOf(code: string | null): Promise<District | null> {
  if (code === null) return null;
  const district = (await referenceData()).districts.get(code);
  if (!district) throw new Error(`No district ${code}`);
  return district;
}
