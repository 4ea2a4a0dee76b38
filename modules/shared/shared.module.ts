import { Global, Module } from '@nestjs/common';
import { EventSourcedRepository } from './event-sourced-repository';

@Global()
@Module({ providers: [EventSourcedRepository], exports: [EventSourcedRepository] })
export class SharedModule {}
