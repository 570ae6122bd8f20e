import 'reflect-metadata';
import { runProjectorRebuildCli } from '@ddd-kit/projector';

/**
 * `npm run projector:rebuild -- <projector> [--tenant <id>]`: rebuilds a read model of the WMS
 * while the app keeps serving. This process runs no projector, relay or job worker of its own;
 * the settings are set before the app module is imported, since it reads them at import.
 */
process.env['PROJECTORS_ENABLED'] = 'false';
process.env['RELAY_ENABLED'] = 'false';
process.env['JOB_WORKERS_ENABLED'] = 'false';
const { AppModule } = await import('../app.module.js');
await runProjectorRebuildCli(AppModule, process.argv.slice(2));
