import { after } from 'node:test';
import mongoose, { type Connection, type Model } from 'mongoose';

// No MongoDB server on the development machines: schema tests build models on an unconnected connection and
// use only document validation and schema.indexes(). A query method would buffer and hang, so none is called.
// (validate() rather than validateSync(), which mongoose 9.12 deprecates with a warning per call.)
// The adapters' behaviour is covered by the contract suite, which runs on MongoDB when MONGODB_URI is set (CI).

/** An unconnected connection for the calling test file, closed after it. */
export function unconnected(): Connection {
  const conn = mongoose.createConnection();
  after(() => conn.close());
  return conn;
}

/** The sorted paths that fail validation; [] for a valid document. */
export async function invalidPaths<T>(M: Model<T>, doc: Record<string, unknown>): Promise<string[]> {
  try {
    await new M(doc).validate();
    return [];
  } catch (e) {
    if (!(e instanceof mongoose.Error.ValidationError)) throw e;
    return Object.keys(e.errors).sort();
  }
}

/** [fields, options] of every declared index, keyed by its name. */
export const indexesOf = <T>(M: Model<T>) => new Map(M.schema.indexes().map(([fields, opts]) => [String(opts.name), { fields, opts }]));
