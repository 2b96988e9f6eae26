import type { StakeholderGroup } from '@suivi/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'organizations' })
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'name_en', type: 'text', nullable: true }) nameEn: string | null;
  @Column({ name: 'name_fr', type: 'text', nullable: true }) nameFr: string | null;
  @Column({ type: 'text', nullable: true }) acronym: string | null;
  @Column({ name: 'stakeholder_group', type: 'text' }) group: StakeholderGroup;
  @Column({ type: 'boolean', default: false }) illustrative: boolean;
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
