// Who lives in a generated household: relationships, sexes and ages that fit
// together (children younger than parents, spouses of similar age). Sizes
// follow Taiwan's distribution, averaging about 2.7 persons.
import type { Relationship } from '../generated/prisma/enums.ts';
import type { Random } from './random.ts';

export interface MemberPlan {
  relationship: Relationship;
  male: boolean;
  age: number;
}

export const HOUSEHOLD_SIZES: readonly (readonly [number, number])[] = [
  [1, 28], [2, 23], [3, 19], [4, 17], [5, 8], [6, 5],
];

export function planHousehold(random: Random, size: number): MemberPlan[] {
  if (size === 1) return [{ relationship: 'HEAD', male: random.chance(0.55), age: random.int(22, 90) }];
  const headAge = size === 2 ? random.int(25, 85) : random.int(28, 68);
  const head: MemberPlan = { relationship: 'HEAD', male: random.chance(0.7), age: headAge };
  const members: MemberPlan[] = [head];
  const childAge = () => Math.max(0, headAge - random.int(22, 40));

  if (size === 2) {
    const kind = random.weighted([['couple', 55], ['parent-child', 30], ['with-parent', 15]] as const);
    if (kind === 'couple') members.push(spouseOf(random, head));
    else if (kind === 'parent-child') members.push({ relationship: 'CHILD', male: random.chance(0.5), age: childAge() });
    else members.push({ relationship: 'PARENT', male: random.chance(0.4), age: Math.min(100, headAge + random.int(22, 35)) });
    return members;
  }

  if (random.chance(0.85)) members.push(spouseOf(random, head));
  const threeGenerations = size >= 5 && random.chance(0.5);
  if (threeGenerations && headAge >= 52) {
    const married = { relationship: 'CHILD' as const, male: true, age: Math.max(20, childAge()) };
    members.push(married, { relationship: 'CHILD_IN_LAW', male: false, age: married.age + random.int(-3, 3) });
  } else if (threeGenerations) {
    members.push({ relationship: 'PARENT', male: random.chance(0.4), age: Math.min(100, headAge + random.int(22, 35)) });
  }
  while (members.length < size) {
    const married = members.find((m) => m.relationship === 'CHILD_IN_LAW');
    members.push(
      married
        ? { relationship: 'GRANDCHILD', male: random.chance(0.5), age: Math.max(0, married.age - random.int(22, 35)) }
        : { relationship: 'CHILD', male: random.chance(0.5), age: childAge() },
    );
  }
  return members;
}

function spouseOf(random: Random, head: MemberPlan): MemberPlan {
  return { relationship: 'SPOUSE', male: !head.male, age: Math.max(18, head.age + random.int(-6, 6)) };
}
