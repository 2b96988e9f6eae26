import { AuditEventEntity } from '../audit/audit-event.entity';
import { CheckpointEntity } from '../audit/checkpoint.entity';
import { CommitmentEntity } from '../commitments/commitment.entity';
import { DialogueEntity } from '../dialogues/dialogue.entity';
import { EvidenceFileEntity } from '../evidence/evidence-file.entity';
import { FollowEntity } from '../follows/follow.entity';
import { MessageEntity } from '../messages/message.entity';
import { MilestoneEntity } from '../milestones/milestone.entity';
import { FlagEntity } from '../moderation/flag.entity';
import { SanctionEntity } from '../moderation/sanction.entity';
import { NotificationEntity } from '../notifications/notification.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { RecommendationEntity } from '../recommendations/recommendation.entity';
import { ProgressReportEntity } from '../reports/progress-report.entity';
import { ReportTranslationEntity } from '../reports/report-translation.entity';
import { ReportVerificationEntity } from '../reports/report-verification.entity';
import { SettingEntity } from '../settings/setting.entity';
import { ThreadEntity } from '../threads/thread.entity';
import { UserEntity } from '../users/user.entity';

export const ENTITIES = [
  OrganizationEntity,
  UserEntity,
  DialogueEntity,
  RecommendationEntity,
  CommitmentEntity,
  ProgressReportEntity,
  ReportVerificationEntity,
  ReportTranslationEntity,
  MilestoneEntity,
  EvidenceFileEntity,
  FollowEntity,
  ThreadEntity,
  MessageEntity,
  FlagEntity,
  SanctionEntity,
  NotificationEntity,
  AuditEventEntity,
  CheckpointEntity,
  SettingEntity,
];
