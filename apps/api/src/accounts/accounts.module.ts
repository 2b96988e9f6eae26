import { Module } from '@nestjs/common';

import { AccountCache } from './account-cache.service';
import { AccountsService } from './accounts.service';

@Module({ providers: [AccountCache, AccountsService], exports: [AccountCache, AccountsService] })
export class AccountsModule {}
