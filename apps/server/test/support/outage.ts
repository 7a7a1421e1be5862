import type { Database, Sql } from '../../src/platform/db/index.js';

/**
 * A database that can go down: while `down` is set, every statement the `affected` test picks fails
 * as a lost connection does. The change log (`ngsi_change…`) stays readable unless told otherwise,
 * so a consumer takes a batch and then meets the outage in the middle of its work.
 */
export interface DatabaseWithOutage {
  readonly db: Database;
  down: boolean;
  /** Which statements the outage hits. */
  affected: (sql: string) => boolean;
  /** Statements refused so far. */
  readonly refused: number;
}

export const connectionLost = (): Error =>
  Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });

export function databaseWithOutage(
  real: Database,
  affected: (sql: string) => boolean = (sql) => !/\bngsi_change/.test(sql),
): DatabaseWithOutage {
  const state = { down: false, refused: 0, affected };
  const guard = (sql: string) => {
    if (state.down && state.affected(sql)) {
      state.refused++;
      throw connectionLost();
    }
  };
  const wrap = (target: Sql): Sql => ({
    async query(text, params) {
      guard(text);
      return target.query(text, params);
    },
    async exec(script) {
      guard(script);
      return target.exec(script);
    },
  });
  const db: Database = {
    ...wrap(real),
    driver: real.driver,
    transaction: (work) => real.transaction((tx) => work(wrap(tx))),
    withAdvisoryLock: (key, work) => real.withAdvisoryLock(key, work),
    tryWithAdvisoryLock: (key, work) => real.tryWithAdvisoryLock(key, work),
    ping: () => real.ping(),
    poolStats: () => real.poolStats(),
    close: async () => undefined, // the test's own database is closed by the test
  };
  return {
    db,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    get affected() {
      return state.affected;
    },
    set affected(value: (sql: string) => boolean) {
      state.affected = value;
    },
    get refused() {
      return state.refused;
    },
  };
}
