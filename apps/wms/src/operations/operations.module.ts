import { Module } from '@nestjs/common';

/** Health, metrics and the projector status API. */
@Module({})
export class OperationsModule {}
