// What a connector keeps about a record it could not take in is storable
// whatever the source sent: NULs escaped, long values truncated with the
// whole value's sha256, long keys hashed (the same key on every run).
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { guardRecord, unstorableField } from './record-guard.ts';
import { MAX_KEY_CHARS, storableJson, storableKey, storableText } from './storable.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('storable quarantine values', () => {
  it('escapes NUL characters, which PostgreSQL text and jsonb cannot hold', () => {
    expect(storableText('王\u0000大明')).toBe('王\\u0000大明');
    expect(JSON.parse(storableJson({ 'na\u0000me': 'a\u0000b', n: 1, at: new Date('2024-01-01T00:00:00Z') }))).toEqual({ 'na\\u0000me': 'a\\u0000b', n: 1, at: '2024-01-01T00:00:00.000Z' });
  });

  it('truncates a long value, keeping its length and sha256, without splitting a surrogate pair', () => {
    const value = '𠀀'.repeat(5_000);
    const stored = storableText(value, 1_000);
    expect(stored.length).toBeLessThanOrEqual(1_000);
    expect(stored).toMatch(new RegExp(`^(𠀀)+… \\[10,000 characters, sha256 ${sha256(value)}\\]$`));
  });

  it('keeps short keys, hashes long ones the same way every time', () => {
    expect(storableKey('H00000001:A123456789')).toBe('H00000001:A123456789');
    const long = `H00000001:${'陳'.repeat(2_000)}/80/01/01`;
    expect(storableKey(long)).toBe(storableKey(long));
    expect(storableKey(long)).toBe(`H00000001:${'陳'.repeat(54)}…sha256:${sha256(long)}`);
    expect(storableKey('x'.repeat(MAX_KEY_CHARS))).toHaveLength(MAX_KEY_CHARS);
  });
});

describe('record guard', () => {
  it('names the field that holds a NUL or is longer than any agency field, never the value', () => {
    expect(unstorableField({ id: 'A1', nm: 'a\u0000b' })).toBe('nm: contains a NUL character');
    expect(unstorableField({ nm: 'x'.repeat(256) })).toBe('nm: 256 characters, more than the 255 a field may hold');
    expect(unstorableField({ nested: { deep: 'x'.repeat(300) } })).toBe('nested.deep: 300 characters, more than the 255 a field may hold');
    expect(unstorableField({ nm: 'x'.repeat(255), at: new Date() })).toBeNull();
    expect(unstorableField(null)).toBe('not a record (expected named fields)');
  });

  type Result = { ok: true; value: { sourceKey: string } } | { ok: false; sourceKey: string; reason: string };
  const map = (row: { key: string; nm: unknown }): Result => ({ ok: true, value: { sourceKey: row.key.trim() } });

  it('fails a record whose fields cannot be stored under the key its mapping gives it, and one whose mapping throws under the fallback', () => {
    const guarded = (row: { key: string; nm: unknown }) => guardRecord(row, () => map(row), (m) => m.value.sourceKey, { fallbackKey: 'row 7', where: 'f.csv line 7' });
    expect(guarded({ key: ' K1 ', nm: 'ok' })).toEqual({ ok: true, value: { sourceKey: 'K1' } });
    expect(guarded({ key: ' K1 ', nm: 'a\u0000' })).toEqual({ ok: false, sourceKey: 'K1', reason: 'f.csv line 7: nm: contains a NUL character' });
    expect(guarded({ key: 5 as unknown as string, nm: 'ok' })).toEqual({ ok: false, sourceKey: 'row 7', reason: 'f.csv line 7: could not be read (TypeError)' });
  });
});
