/** One row of the stock-levels read model, as the WMS app's `GET /stock` returns it. */
export interface StockRow {
  readonly sku: string;
  readonly location: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  readonly updatedAt: Date;
}

/** A page of the stock-levels read model, the value every path reads. */
export interface StockPage {
  readonly items: readonly StockRow[];
  readonly page: number;
  readonly size: number;
  readonly total: number;
  readonly generatedAt: Date;
}

/** A page of `size` rows with deterministic content (about 150 bytes of JSON per row). */
export function stockPage(size: number): StockPage {
  const items = Array.from({ length: size }, (_, index) => {
    const onHand = 100 + ((index * 37) % 900);
    const reserved = (index * 13) % 50;
    return {
      sku: `SKU-${String(index).padStart(6, '0')}`,
      location: `A-${String(index % 40).padStart(2, '0')}-${String(index % 7).padStart(2, '0')}`,
      onHand,
      reserved,
      available: onHand - reserved,
      updatedAt: new Date(Date.UTC(2026, 10, 20, 8, 0, 0, index)),
    };
  });
  return { items, page: 1, size, total: size * 10, generatedAt: new Date(Date.UTC(2026, 10, 20, 9)) };
}
