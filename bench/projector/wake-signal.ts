/**
 * The raw loop's nap that a NOTIFY cuts short. A notification that arrives while the loop is
 * busy is remembered, so the next `wait` returns at once: the hand-written equivalent of the
 * library's own wake-up, which a correct LISTEN loop needs as much as the library does.
 */
export class WakeSignal {
  private sleeper: (() => void) | undefined;
  private pending = false;

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleeper = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleeper = done;
    });
  }

  wake(): void {
    if (this.sleeper) this.sleeper();
    else this.pending = true;
  }
}
