import { registry } from './001-registry.js';
import { analysis } from './002-analysis.js';
import { scenarios } from './003-scenarios.js';
import { accounts } from './004-accounts.js';
import { measurements } from './005-measurements.js';
import { progress } from './006-progress.js';
import { services } from './007-services.js';
import { training } from './008-training.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** In version order. A released migration is never edited: a change to the schema is a new migration. */
export const MIGRATIONS: readonly Migration[] = [registry, analysis, scenarios, accounts, measurements, progress, services, training];
