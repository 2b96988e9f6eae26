import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES, type EvidenceFileView } from '@suivi/contracts';
import type { MultipartFile } from '@fastify/multipart';
import { DataSource, type EntityManager } from 'typeorm';

import { DomainError, invalidField, notFound } from '../common/domain-error';
import { EVIDENCE_TYPES, rewriteEvidence } from './file-bytes';
import { MalformedFile } from './malformed-file';

/** A file checked, cleaned and hashed before any database transaction opens. */
export interface PreparedEvidence {
  name: string;
  mediaType: EvidenceFileView['mediaType'];
  bytes: Buffer;
  sha256: string;
}

/**
 * Where evidence bytes live. The default keeps them in PostgreSQL, so every API instance can
 * serve every file; another store (object storage) implements the same two methods.
 */
export interface EvidenceStorage {
  save(
    tx: EntityManager,
    file: PreparedEvidence,
    owner: { reportId?: string; milestoneId?: string },
    uploadedBy: string,
  ): Promise<EvidenceFileView>;
  read(id: string): Promise<(EvidenceFileView & { bytes: Buffer }) | null>;
}

@Injectable()
export class DatabaseEvidenceStorage implements EvidenceStorage {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async save(
    tx: EntityManager,
    file: PreparedEvidence,
    owner: { reportId?: string; milestoneId?: string },
    uploadedBy: string,
  ): Promise<EvidenceFileView> {
    const [row] = (await tx.query(
      // clock_timestamp, not now(): files of one report keep the order they were sent in.
      `INSERT INTO evidence_files (report_id, milestone_id, name, media_type, size, sha256, storage, content, uploaded_by, rewritten, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'database', $7, $8, true, clock_timestamp()) RETURNING id`,
      [
        owner.reportId ?? null,
        owner.milestoneId ?? null,
        file.name,
        file.mediaType,
        file.bytes.length,
        file.sha256,
        file.bytes,
        uploadedBy,
      ],
    )) as Array<{ id: string }>;
    return { id: row.id, name: file.name, mediaType: file.mediaType, size: file.bytes.length, sha256: file.sha256 };
  }

  async read(id: string): Promise<(EvidenceFileView & { bytes: Buffer }) | null> {
    const [row] = (await this.db.query('SELECT id, name, media_type, size, sha256, content FROM evidence_files WHERE id = $1', [
      id,
    ])) as Array<{
      id: string;
      name: string;
      media_type: EvidenceFileView['mediaType'];
      size: number;
      sha256: string;
      content: Buffer | null;
    }>;
    if (!row?.content) {
      return null;
    }
    return { id: row.id, name: row.name, mediaType: row.media_type, size: row.size, sha256: row.sha256, bytes: row.content };
  }
}

export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

/** Reads a multipart file part fully; past the size limit, a 413 naming the file. */
export async function readUpload(part: MultipartFile): Promise<UploadedFile> {
  try {
    return { filename: part.filename, bytes: await part.toBuffer() };
  } catch (error) {
    if ((error as { code?: string })?.code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new DomainError('payload_too_large', `evidence: ${part.filename} is larger than ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB`, {}, [
        { field: 'evidence', code: 'file_too_large', params: { name: part.filename, maxMb: EVIDENCE_MAX_BYTES / 1024 / 1024 } },
      ]);
    }
    throw error;
  }
}

/**
 * Recognises, rewrites and hashes uploaded files, before any transaction opens; anything that is
 * not evidence, or cannot be read, is a 400 naming the file.
 */
export async function prepareEvidence(files: UploadedFile[]): Promise<PreparedEvidence[]> {
  if (files.length > EVIDENCE_MAX_FILES) {
    throw invalidField('evidence', 'too_many_files', `evidence: at most ${EVIDENCE_MAX_FILES} files per report`, {
      max: EVIDENCE_MAX_FILES,
    });
  }
  const prepared: PreparedEvidence[] = [];
  for (const file of files) {
    let rewritten: Awaited<ReturnType<typeof rewriteEvidence>>;
    try {
      rewritten = await rewriteEvidence(file.bytes);
    } catch (error) {
      if (error instanceof MalformedFile) {
        throw invalidField('evidence', 'file_unreadable', `evidence: ${file.filename}: ${error.message}`, { name: file.filename });
      }
      throw error;
    }
    if (!rewritten) {
      throw invalidField(
        'evidence',
        'file_type',
        `evidence: ${file.filename} is not a PDF, PNG or JPEG file (its content was checked, not its name)`,
        {
          name: file.filename,
        },
      );
    }
    prepared.push({
      name: safeName(file.filename, EVIDENCE_TYPES[rewritten.type]),
      mediaType: rewritten.type,
      bytes: rewritten.bytes,
      sha256: createHash('sha256').update(rewritten.bytes).digest('hex'),
    });
  }
  return prepared;
}

/** A display name without paths or control characters, ending in the extension of its real type. */
export function safeName(name: string, extension: string): string {
  const printable = [...(name.split(/[\\/]/).pop() ?? 'evidence').normalize('NFC')]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && !'"<>|:*?'.includes(ch))
    .join('');
  const base = printable
    .replace(/\.[^.]*$/, '')
    .trim()
    .slice(0, 120);
  return `${base || 'evidence'}.${extension}`;
}

export async function readEvidenceOr404(storage: EvidenceStorage, id: string): Promise<EvidenceFileView & { bytes: Buffer }> {
  const file = await storage.read(id);
  if (!file) {
    throw notFound('file', id);
  }
  return file;
}
