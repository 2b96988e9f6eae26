import { ArgumentMetadata, BadRequestException, Injectable, ParseUUIDPipe } from '@nestjs/common';

import { invalidField } from './domain-error';

/**
 * Nest's ParseUUIDPipe answers "Validation failed (uuid is expected)" without saying which part
 * of the request was wrong; a 400 here always names the field, like the body's validation does.
 */
@Injectable()
export class UuidPipe extends ParseUUIDPipe {
  override async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof BadRequestException) {
        const field = metadata.data ?? 'id';
        throw invalidField(field, 'uuid', `${field} must be a UUID`);
      }
      throw error;
    }
  }
}
