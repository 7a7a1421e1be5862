/** The messages between pglite.ts (the main thread) and pglite-worker.ts (the thread owning PGlite). */

export type WorkerRequest =
  | {
      readonly id: number;
      readonly op: 'query';
      readonly text: string;
      readonly params?: unknown[];
      readonly tx?: number;
    }
  | { readonly id: number; readonly op: 'exec'; readonly text: string; readonly tx?: number }
  | { readonly id: number; readonly op: 'begin' | 'commit' | 'rollback'; readonly tx: number }
  | { readonly id: number; readonly op: 'close' };

/** id 0 answers the opening. An error is sent as its fields, rebuilt into an Error on the main thread. */
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly rows: unknown[]; readonly rowCount: number }
  | {
      readonly id: number;
      readonly ok: false;
      readonly error: {
        readonly name: string;
        readonly message: string;
        readonly fields: Readonly<Record<string, string | number | boolean>>;
      };
    };
