import { pickLanguage } from '../src/shared/i18n/accept-language.js';

describe('pickLanguage', () => {
  const supported = ['en', 'zh-CN'];

  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh-cn', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['fr-FR, zh-CN;q=0.8, en;q=0.9', 'en'],
    ['en;q=0.1, zh-CN;q=0.9', 'zh-CN'],
    ['fr, de', undefined],
    ['zh-CN;q=0, en', 'en'],
    ['zh-CN;q=abc, en', 'en'],
    [';;;', undefined],
    ['*', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (header, expected) => {
    expect(pickLanguage(header, supported)).toBe(expected);
  });
});
