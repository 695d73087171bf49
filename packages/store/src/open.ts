import { openDatabase, type Database, type OpenOptions } from './database.js';
import { migrate } from './migrate.js';

export const DEFAULT_DATA_DIR = './postatlas-data';

/** Opens the database postatlas is configured for and brings its schema up to date. */
export async function openStore(options: OpenOptions = {}): Promise<Database> {
  const db = await openDatabase(options);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
