import { Wakeup } from '../src/sources/wakeup.js';

/** How long `promise` took to settle, in milliseconds. */
async function timed(promise: Promise<void>): Promise<number> {
  const started = performance.now();
  await promise;
  return performance.now() - started;
}

describe('Wakeup', () => {
  it('sleeps for the interval when nobody wakes it', async () => {
    expect(await timed(new Wakeup().wait(50))).toBeGreaterThanOrEqual(45);
  });

  it('returns early when woken during the nap', async () => {
    const wakeup = new Wakeup();
    const nap = wakeup.wait(10_000);
    setTimeout(() => wakeup.wake(), 10);
    expect(await timed(nap)).toBeLessThan(1_000);
  });

  it('remembers a wake-up that came while the loop was busy', async () => {
    const wakeup = new Wakeup();
    wakeup.wake();
    expect(await timed(wakeup.wait(10_000))).toBeLessThan(50);
  });

  it('remembers it once: several wake-ups between naps make one short nap', async () => {
    const wakeup = new Wakeup();
    wakeup.wake();
    wakeup.wake();
    await wakeup.wait(10_000);
    expect(await timed(wakeup.wait(50))).toBeGreaterThanOrEqual(45);
  });

  it('does not carry a wake-up that ended a nap over to the next one', async () => {
    const wakeup = new Wakeup();
    const nap = wakeup.wait(10_000);
    wakeup.wake();
    await nap;
    expect(await timed(wakeup.wait(50))).toBeGreaterThanOrEqual(45);
  });

  it('remembers a wake-up after a nap that ended by itself', async () => {
    const wakeup = new Wakeup();
    await wakeup.wait(5);
    wakeup.wake();
    expect(await timed(wakeup.wait(10_000))).toBeLessThan(50);
  });
});
