// How agency records spell a name, and when two spellings are one name.
//
// Two levels, because they carry different weight as evidence:
// - canonicalName: differences that are only encoding or typing, never a
//   different character. Unicode NFKC (full-width letters, compatibility
//   ideographs such as U+F9F4 for 林, the half-width katakana dot), spaces,
//   the indigenous-name separators (‧ ・ · •) and the case of romanised
//   names. Two names with the same canonical form are the same name.
// - nameKey: canonicalName with commonly interchanged variant characters
//   folded to one (黃/黄, 臺/台, 峰/峯 …). These are different characters that
//   registries and schools use for each other, but also different names:
//   a match on the key alone only suggests a person for review, never links.
//
// PostgreSQL computes the same key (core.name_key, migration
// 20261204000700_identity_name_key) so that candidates are found by index;
// a test holds the two to the same answers.

/** Variant → the form the household registry uses. Pairs seen in Taiwanese registry, school and agency exports. */
export const VARIANT_CHARACTERS: Readonly<Record<string, string>> = {
  黄: '黃', 台: '臺', 峯: '峰', 徳: '德', 吴: '吳', 眞: '真', 温: '溫', 衆: '眾', 啓: '啟', 恒: '恆',
  姫: '姬', 淸: '清', 靑: '青', 郞: '郎', 裏: '裡', 羣: '群', 髙: '高', 曺: '曹', 冨: '富', 﨑: '崎',
  凉: '涼', 濶: '闊', 敎: '教', 産: '產', 卽: '即', 緖: '緒', 鄕: '鄉', 姸: '妍',
};

/** Dots between the parts of indigenous and transliterated names, and the spaces around them. */
const SEPARATORS = /[ \t\n\r‧・·•.\-]/gu;

/** Only ASCII letters change case: the database's lower() does the same under every locale. */
const lowerAscii = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

export function canonicalName(name: string): string {
  return lowerAscii(name.normalize('NFKC').replace(SEPARATORS, ''));
}

const VARIANTS = new RegExp(`[${Object.keys(VARIANT_CHARACTERS).join('')}]`, 'gu');

export function nameKey(name: string): string {
  return canonicalName(name).replace(VARIANTS, (c) => VARIANT_CHARACTERS[c]!);
}

export type NameAgreement = 'SAME' | 'VARIANT' | 'DIFFERENT';

/** SAME: one name; VARIANT: one name only if variant characters are read as one; DIFFERENT otherwise. */
export function compareNames(a: string, b: string): NameAgreement {
  if (canonicalName(a) === canonicalName(b)) return 'SAME';
  return nameKey(a) === nameKey(b) ? 'VARIANT' : 'DIFFERENT';
}
