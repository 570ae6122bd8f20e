/**
 * The best of `supported` for an `accept-language` header, as nestjs-i18n's resolver picks it:
 * by quality, an exact tag first, else one with the same primary language (`zh` → `zh-CN`).
 * @returns undefined when nothing matches (the caller falls back)
 */
export function pickLanguage(header: string | undefined, supported: readonly string[]): string | undefined {
  const wanted = (header ?? '')
    .split(',')
    .map((entry, index) => {
      const [tag = '', ...params] = entry.split(';').map((part) => part.trim());
      const quality = Number(params.find((param) => param.startsWith('q='))?.slice(2) ?? 1);
      return { tag: tag.toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter(({ tag, quality }) => tag !== '' && quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of wanted) {
    const exact = supported.find((language) => language.toLowerCase() === tag);
    if (exact) return exact;
    const primary = tag.split('-')[0];
    const related = supported.find((language) => language.toLowerCase().split('-')[0] === primary);
    if (related) return related;
  }
  return undefined;
}
