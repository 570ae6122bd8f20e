import { I18nLoader, type I18nTranslation } from 'nestjs-i18n';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

/**
 * Translations compiled into the app rather than JSON files on disk: the build (swc) then needs
 * no copy step, and a missing key is a type error in `zh-CN.ts` instead of a runtime surprise.
 */
export class InCodeI18nLoader extends I18nLoader {
  languages(): Promise<string[]> {
    return Promise.resolve(['en', 'zh-CN']);
  }

  load(): Promise<I18nTranslation> {
    return Promise.resolve({ en, 'zh-CN': zhCN } as unknown as I18nTranslation);
  }
}
