import postgres from 'postgres';

/**
 * Where the local Auth keeps the record the Edge Function checks: Supabase's Auth writes a row to
 * `auth.sessions` in the project's Postgres for each signed-in session and deletes it when the
 * session ends; the function's claim reads it there. Without a database (tests that run no
 * function against one), sessions live only in the stand-in's memory.
 */
export interface SessionsTable {
  started(sessionId: string, userId: string): Promise<void>;
  ended(sessionIds: string[]): Promise<void>;
  close(): Promise<void>;
}

export const NO_SESSIONS_TABLE: SessionsTable = {
  started: async () => {},
  ended: async () => {},
  close: async () => {},
};

/** `auth.sessions` in the database at `url` (created there by `platform.sql`). */
export function sessionsTableAt(url: string): SessionsTable {
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  return {
    async started(sessionId, userId) {
      await sql`insert into auth.sessions (id, user_id) values (${sessionId}, ${userId})`;
    },
    async ended(sessionIds) {
      if (sessionIds.length === 0) return;
      await sql`delete from auth.sessions where id = any(${sessionIds}::uuid[])`;
    },
    close: () => sql.end({ timeout: 1 }),
  };
}
