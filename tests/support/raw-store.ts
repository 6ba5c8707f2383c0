import mongoose from 'mongoose';

/**
 * Every document of one collection of a test's database, read past the store's repositories:
 * what a check that nothing is kept in clear text must look at, since repositories never return
 * the stored hashes.
 */
export async function rawDocuments(mongoUrl: string, collection: string): Promise<unknown[]> {
  const connection = await mongoose.createConnection(mongoUrl).asPromise();
  try {
    return await connection.collection(collection).find({}, { maxTimeMS: 10_000 }).toArray();
  } finally {
    await connection.close();
  }
}
