/** What one new product is made from; both sides of the benchmark get the same inputs. */
export interface ProductInput {
  readonly code: string;
  readonly name: string;
}

/** One side of the benchmark: writes a round's products, each with its event row, in one transaction. */
export interface RoundWriter {
  write(inputs: readonly ProductInput[]): Promise<void>;
}

/** `n` inputs with codes unique across the run, made before the clock starts. */
export function productInputs(n: number, prefix: string): ProductInput[] {
  return Array.from({ length: n }, (_, index) => ({
    code: `${prefix}-${index}`,
    name: `Product ${prefix}-${index}`,
  }));
}
