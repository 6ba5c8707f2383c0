import { Schema, type Connection, type Model } from 'mongoose';

/** A tenant of the vendor's app. `_id` is the vendor's own account id. */
export interface AccountDocument {
  _id: string;
  name: string;
  createdAt: Date;
}

const accountSchema = new Schema<AccountDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, strict: 'throw', autoIndex: false, autoCreate: false },
);

export const accountModel = (connection: Connection): Model<AccountDocument> =>
  connection.model<AccountDocument>('Account', accountSchema, 'accounts');
