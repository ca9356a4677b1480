/** Runs service operations one at a time, in order; a failed operation does not stop the next. */
export class OperationQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(operation);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when every operation queued so far has finished. */
  async idle(): Promise<void> {
    await this.#tail;
  }
}
