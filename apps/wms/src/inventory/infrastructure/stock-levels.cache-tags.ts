/** What a cached stock-levels page was filtered by. */
export interface StockLevelsFilter {
  readonly sku?: string | undefined;
  readonly location?: string | undefined;
}

/**
 * Cache tags of stock-levels pages. A page is tagged by its narrowest filter; a change to a
 * (SKU, location) drops the pages of that SKU, of that location and the unfiltered ones. Codes
 * never contain `:` (see `CODE_PATTERN`), so tags cannot collide.
 */
export function stockLevelsPageTags(filter: StockLevelsFilter): string[] {
  if (filter.sku !== undefined) return [`stock:sku:${filter.sku}`];
  if (filter.location !== undefined) return [`stock:location:${filter.location}`];
  return ['stock:all'];
}

/** The tags a change to one (SKU, location) invalidates. */
export function stockLevelTagsOf(place: { readonly sku: string; readonly location: string }): string[] {
  return [`stock:sku:${place.sku}`, `stock:location:${place.location}`, 'stock:all'];
}
