import { Global, Module } from '@nestjs/common';
import { loadWmsConfig, WMS_CONFIG } from './wms.config.js';

/** The app's settings, read once from the environment and injectable as `WMS_CONFIG`. */
@Global()
@Module({
  providers: [{ provide: WMS_CONFIG, useFactory: () => loadWmsConfig() }],
  exports: [WMS_CONFIG],
})
export class WmsConfigModule {}
