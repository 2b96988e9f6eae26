import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { Public } from '../access/policy';
import { EVIDENCE_STORAGE, readEvidenceOr404, type EvidenceStorage } from './evidence.service';
import { UuidPipe } from '../common/uuid.pipe';

@ApiTags('files')
@Controller('files')
export class FilesController {
  constructor(@Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage) {}

  /** Evidence is public like the reports it belongs to; it is always downloaded, never rendered in the page. */
  @Get(':id')
  @Public()
  async get(@Param('id', UuidPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const file = await readEvidenceOr404(this.storage, id);
    await reply
      .header('content-type', file.mediaType)
      .header('content-length', String(file.bytes.length))
      .header(
        'content-disposition',
        `attachment; filename="${file.name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      )
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      // Revalidated on every read (a 304 while unchanged), so a purge reaches every cache.
      .header('etag', `"${file.sha256}"`)
      .send(file.bytes);
  }
}
