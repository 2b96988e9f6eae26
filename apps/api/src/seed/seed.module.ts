import { Module } from '@nestjs/common';

import { DemoSeeder } from './seeder';

@Module({ providers: [DemoSeeder], exports: [DemoSeeder] })
export class SeedModule {}
