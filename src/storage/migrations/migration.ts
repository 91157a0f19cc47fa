import type { Knex } from 'knex';

/**
 * One schema step, written as code so the list is explicit and type-checked, and the same
 * knex calls build the schema on sqlite and PostgreSQL.
 */
export interface Migration {
  /** Stable name recorded in `knex_migrations`; never rename a released one. */
  readonly name: string;
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

/** Adds the two audit timestamps every mutable table carries, as epoch milliseconds. */
export function timestamps(table: Knex.CreateTableBuilder): void {
  table.bigInteger('created_at').notNullable();
  table.bigInteger('updated_at').notNullable();
}
