import { Module } from '@nestjs/common';

/** The inbound bounded context. */
@Module({})
export class InboundModule {}
