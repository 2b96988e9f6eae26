import { Global, Module, type DynamicModule } from '@nestjs/common';

import type { AppConfig } from './env';

export const APP_CONFIG = Symbol('APP_CONFIG');

// The one global module: the configuration is a value handed to AppModule.register at start (read
// and checked once, from the environment or a test's overrides), so no feature can import a
// module that holds it; every other module is imported by name where it is used.
@Global()
@Module({})
export class ConfigModule {
  static register(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}
