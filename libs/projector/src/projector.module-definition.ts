import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ProjectorModuleOptions } from './projector.options.js';

export const {
  ConfigurableModuleClass: ConfigurableProjectorModule,
  MODULE_OPTIONS_TOKEN: PROJECTOR_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<ProjectorModuleOptions>({ moduleName: 'Projector' })
  .setClassMethodName('forRoot')
  .setExtras({}, (definition) => ({ ...definition, global: true }))
  .build();

/** The options with defaults filled in. */
export const RESOLVED_PROJECTOR_OPTIONS = Symbol('ddd-kit:projector-options');
