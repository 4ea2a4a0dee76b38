import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { RebuildService } from './rebuild.service';

@Module({ controllers: [AdminController], providers: [RebuildService] })
export class AdminModule {}
