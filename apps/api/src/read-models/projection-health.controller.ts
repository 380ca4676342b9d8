import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ProjectionHealth } from './projection-health';

@ApiTags('health')
@Controller('health')
export class ProjectionHealthController {
  constructor(private readonly health: ProjectionHealth) {}

  @Get('projections')
  @Public()
  @ApiOperation({ summary: 'Each read model: position applied, store head, events behind, projector state' })
  projections() {
    return this.health.report();
  }
}
