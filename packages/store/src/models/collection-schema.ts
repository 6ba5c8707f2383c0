import { Schema, type SchemaDefinition, type SchemaDefinitionType } from 'mongoose';
import { boundQueries } from '../time-bounds.ts';

/**
 * The schema of one collection, with the rules every Roster collection follows: a document holds
 * exactly the declared fields (anything else throws) and no `__v`; indexes and collections are
 * created only by `Store.ensureIndexes`, never behind a first query; every query is time-bounded.
 */
export const collectionSchema = <T>(
  fields: SchemaDefinition<SchemaDefinitionType<T>, T>,
  options: { minimize?: boolean } = {},
): Schema<T> =>
  boundQueries(
    new Schema<T>(fields, {
      versionKey: false,
      strict: 'throw',
      autoIndex: false,
      autoCreate: false,
      ...options,
    }),
  );
