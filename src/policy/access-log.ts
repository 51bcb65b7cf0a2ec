// What one request read: which persons, which sensitive fields came back
// (plain or masked) and which were denied. The audit trail records it.
export class AccessLog {
  readonly persons = new Set<number>();
  readonly returned = new Set<string>();
  readonly masked = new Set<string>();
  readonly denied = new Set<string>();
  /** Records read or written, as "Type:rowId". */
  readonly records = new Set<string>();
  /** Some access of this request came only from the worker's break-glass grant. */
  breakGlass = false;
  /** A mutation of this request already wrote its WRITE entry in its own transaction. */
  writeAudited = false;
  /**
   * Part of the request was answered by a subgraph running elsewhere, which
   * records what it read and wrote (or refused) in its own entry.
   */
  answeredElsewhere = false;

  /** Adds what another part of the same request read (a subgraph fetch run in this process). */
  absorb(other: AccessLog): void {
    for (const key of ['persons', 'returned', 'masked', 'denied', 'records'] as const) {
      for (const value of other[key] as Set<number | string>) (this[key] as Set<number | string>).add(value);
    }
    this.breakGlass ||= other.breakGlass;
    this.writeAudited ||= other.writeAudited;
    this.answeredElsewhere ||= other.answeredElsewhere;
  }

  get personLevel(): boolean {
    return this.persons.size > 0 || this.returned.size > 0 || this.denied.size > 0;
  }
}
