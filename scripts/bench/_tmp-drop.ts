import mongoose from 'mongoose';
const c = await mongoose.mongo.MongoClient.connect(process.env.MONGO_URL!);
await c.db(process.argv[2]!).dropDatabase(); await c.close(); console.log('dropped', process.argv[2]);
