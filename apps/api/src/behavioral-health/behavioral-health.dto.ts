import { ApiProperty } from '@nestjs/swagger';
import {
  BEHAVIORAL_HEALTH_SERVICES,
  ID_PATTERN as ID,
  MAX_BH_ACTIVITIES,
  MONTH_PATTERN as MONTH,
  type BehavioralHealthService,
} from '@ccm/domain';
import { ArrayMaxSize, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';

export class RecordBehavioralHealthServiceDto {
  @ApiProperty({ description: 'Idempotency key: the same service re-sent is answered as already applied' })
  @Matches(ID)
  serviceId!: string;

  @ApiProperty({ example: '2026-03', description: 'The month the service was furnished in' })
  @Matches(MONTH, { message: '$property must be a month YYYY-MM' })
  serviceMonth!: string;

  @ApiProperty({
    enum: BEHAVIORAL_HEALTH_SERVICES,
    description:
      'general_BHI: the G0570 add-on to an APCM base (APCM-8); psychiatric_CoCM and other are recorded but bill no add-on here',
  })
  @IsIn(BEHAVIORAL_HEALTH_SERVICES)
  service!: BehavioralHealthService;

  @ApiProperty({
    example: 'dr-adams',
    description: 'Practitioner on the roster the service is furnished under (APCM-8: the billing one)',
  })
  @Matches(ID)
  furnishedUnderPractitioner!: string;

  @ApiProperty({
    example: ['PHQ-9 screening', 'Behavioral health care plan revised'],
    description: `The behavioral health activities documented (up to ${MAX_BH_ACTIVITIES}); none documented is recorded too, and billing says the add-on needs them (APCM-8)`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_BH_ACTIVITIES)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  activitiesDocumented!: string[];
}
