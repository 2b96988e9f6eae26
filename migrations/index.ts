// A migration that creates a table grants the application role its rights on it, as
// 1764700000000-GrantApplicationRole does: `GRANT SELECT, INSERT ON <table> TO suivi_api`, UPDATE
// and DELETE only if the application updates or deletes its rows, and USAGE on a new sequence.
// The API does not own its tables in production, so without the grant it cannot read the table;
// tests/api/database-roles.e2e-spec.ts fails on any table suivi_api cannot SELECT.
import { CreateSchema1764000000000 } from './1764000000000-CreateSchema';
import { CreateSessions1764100000000 } from './1764100000000-CreateSessions';
import { AddDiscussionColumns1764200000000 } from './1764200000000-AddDiscussionColumns';
import { AddSanctionLifts1764300000000 } from './1764300000000-AddSanctionLifts';
import { AddPseudonymEpochs1764400000000 } from './1764400000000-AddPseudonymEpochs';
import { AddEvidenceRewritten1764410000000 } from './1764410000000-AddEvidenceRewritten';
import { AddApprovedBy1764430000000 } from './1764430000000-AddApprovedBy';
import { CreateAuditVerifications1764500000000 } from './1764500000000-CreateAuditVerifications';
import { BindRecords1764600000000 } from './1764600000000-BindRecords';
import { CreateOpenDataExports1764650000000 } from './1764650000000-CreateOpenDataExports';
import { GrantApplicationRole1764700000000 } from './1764700000000-GrantApplicationRole';
import { CreateIdempotencyKeys1764750000000 } from './1764750000000-CreateIdempotencyKeys';
import { AddThreadReadsAndSearch1764800000000 } from './1764800000000-AddThreadReadsAndSearch';
import { CreateReportingRounds1764900000000 } from './1764900000000-CreateReportingRounds';
import { CreateMail1765000000000 } from './1765000000000-CreateMail';

/** Every migration, in order. Listed explicitly so the bundled API needs no file globbing. */
export const MIGRATIONS = [
  CreateSchema1764000000000,
  CreateSessions1764100000000,
  AddDiscussionColumns1764200000000,
  AddSanctionLifts1764300000000,
  AddPseudonymEpochs1764400000000,
  AddEvidenceRewritten1764410000000,
  AddApprovedBy1764430000000,
  CreateAuditVerifications1764500000000,
  BindRecords1764600000000,
  CreateOpenDataExports1764650000000,
  GrantApplicationRole1764700000000,
  CreateIdempotencyKeys1764750000000,
  AddThreadReadsAndSearch1764800000000,
  CreateReportingRounds1764900000000,
  CreateMail1765000000000,
];
