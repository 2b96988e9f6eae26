import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class RecommendationListQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() dialogueId?: string;
  @ApiPropertyOptional({ description: 'Full-text search, French and English' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
