import { en } from '../src/shared/i18n/en.js';
import { zhCN } from '../src/shared/i18n/zh-CN.js';

/**
 * Codes the ddd-kit libraries raise that can reach a WMS response. Without a message each would
 * answer with the generic internal-error text, as DATABASE_UNAVAILABLE did during a PostgreSQL
 * restart.
 */
const LIBRARY_CODES = [
  'DATABASE_UNAVAILABLE',
  'REFERENCE_NOT_FOUND',
  'STILL_REFERENCED',
  'REQUIRED_VALUE_MISSING',
  'CHECK_VIOLATION',
  'UNIQUE_VIOLATION',
  'CONCURRENCY_CONFLICT',
  'TENANT_CONTEXT_MISSING',
  'CONSISTENCY_TOKEN_INVALID',
];

describe('WMS messages', () => {
  it.each(LIBRARY_CODES)('has an English and a Chinese message for %s', (code) => {
    expect(en.errors).toHaveProperty(code);
    expect(zhCN.errors).toHaveProperty(code);
  });

  it('has the same codes and rules in both languages', () => {
    expect(Object.keys(zhCN.errors).sort()).toEqual(Object.keys(en.errors).sort());
    expect(Object.keys(zhCN.validation).sort()).toEqual(Object.keys(en.validation).sort());
  });
});
