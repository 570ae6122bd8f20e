// Number formats shared by the bench reports, so every table reads the same way.

/** ` ✓` or ` ✗` after a figure that has a target. */
export function mark(ok: boolean): string {
  return ok ? ' ✓' : ' ✗';
}

/** 12,345 */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** Events or operations per second, rounded: 12,345 */
export function formatRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US');
}

/** Milliseconds as seconds: 1.23 */
export function formatSeconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

/** Milliseconds, two decimals below 10: 3.14, 12.3, ∞ */
export function formatMs(ms: number): string {
  if (ms === Infinity) return '∞';
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

/** 12.3 MB */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A signed change: +1.2% */
export function formatPercent(fraction: number): string {
  return `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(1)}%`;
}
