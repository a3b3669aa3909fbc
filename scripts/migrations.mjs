// Applies `supabase/migrations/*.sql` the way `supabase db push` does: in file-name order, each
// in its own transaction, each recorded in `supabase_migrations.schema_migrations` so it runs
// once. Used on the local PostgreSQL (tests, benchmarks, `npm start`), after the stand-in's
// `platform.sql` has given it what a Supabase project's database starts with.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const MIGRATIONS_DIR = join(ROOT, 'supabase', 'migrations');
const PLATFORM_SQL = join(ROOT, 'tests', 'stand-ins', 'supabase', 'platform.sql');

/** The migration files, oldest first: `<version>_<name>.sql`. */
export async function migrationFiles() {
  const names = (await readdir(MIGRATIONS_DIR)).filter((name) => /^\d+_.+\.sql$/.test(name));
  return names.sort().map((file) => {
    const separator = file.indexOf('_');
    return {
      file: join(MIGRATIONS_DIR, file),
      version: file.slice(0, separator),
      name: file.slice(separator + 1, -'.sql'.length),
    };
  });
}

/**
 * Prepares a fresh database as a Supabase project's, then applies the migrations not yet applied.
 * @param {string} url
 * @returns {Promise<string[]>} the versions applied now
 */
export async function migrate(url) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(await readFile(PLATFORM_SQL, 'utf8'));
    await sql.unsafe(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key, statements text[], name text
      );`);
    const applied = new Set(
      (await sql`select version from supabase_migrations.schema_migrations`).map(
        (row) => row.version,
      ),
    );
    /** @type {string[]} */
    const now = [];
    for (const { file, version, name } of await migrationFiles()) {
      if (applied.has(version)) continue;
      const text = await readFile(file, 'utf8');
      await sql.begin(async (tx) => {
        await tx.unsafe(text);
        await tx`insert into supabase_migrations.schema_migrations (version, statements, name)
                 values (${version}, ${[text]}, ${name})`;
      });
      now.push(version);
    }
    return now;
  } finally {
    await sql.end();
  }
}
