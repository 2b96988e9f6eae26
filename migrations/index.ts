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
];
