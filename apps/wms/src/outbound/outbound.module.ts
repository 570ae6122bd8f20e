import { Module } from '@nestjs/common';

/** The outbound bounded context. */
@Module({})
export class OutboundModule {}
