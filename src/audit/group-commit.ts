// Group commit: callers that arrive while a commit runs wait together and go
// into the next one. Appends to one hash chain are serial by nature (each
// entry names the one before it); grouping makes the lock, the round trips
// and the head's signature count per batch rather than per entry, so the
// chain keeps up with however many requests arrive at once.

interface Waiting<T> {
  item: T;
  resolve(): void;
  reject(error: unknown): void;
}

export class GroupCommit<T> {
  private readonly waiting: Waiting<T>[] = [];
  private running = false;

  /**
   * @param commit writes a batch all-or-nothing; every caller in the batch
   *   learns its outcome.
   * @param maxBatch the most items in one commit (bounds one statement's size).
   */
  constructor(
    private readonly commit: (items: T[]) => Promise<void>,
    private readonly maxBatch: number,
  ) {}

  /** Resolves once `item` is committed; rejects with the batch's error. */
  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        try {
          await this.commit(batch.map((waiting) => waiting.item));
          for (const waiting of batch) waiting.resolve();
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
