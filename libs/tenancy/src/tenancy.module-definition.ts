import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { TenancyModuleOptions } from './tenancy.options.js';

export const {
  ConfigurableModuleClass: ConfigurableTenancyModule,
  MODULE_OPTIONS_TOKEN: TENANCY_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<TenancyModuleOptions>({ moduleName: 'Tenancy' })
  .setClassMethodName('forRoot')
  .setExtras({}, (definition) => ({ ...definition, global: true }))
  .build();
