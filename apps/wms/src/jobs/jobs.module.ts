import { Module } from '@nestjs/common';

/** Background jobs (BullMQ) behind the task registry API, and the scheduled reports. */
@Module({})
export class JobsModule {}
