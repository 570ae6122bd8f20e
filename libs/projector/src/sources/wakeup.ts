/**
 * A loop's nap that a notification cuts short. A notification that arrives while the loop is
 * busy is remembered, so the next `wait` returns at once and no wake-up is lost between rounds.
 */
export class Wakeup {
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
