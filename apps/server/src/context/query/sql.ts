/** Collects the parameters of a SQL statement being built, so values never enter the SQL text. */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(startAt = 0) {
    for (let i = 0; i < startAt; i++) this.values.push(undefined);
  }

  /** Adds a value and returns its placeholder (`$n`). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
