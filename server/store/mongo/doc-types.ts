/** A stored document: the domain record as it is, with its `id` kept as Mongo's `_id`. */
export type WithMongoId<T extends { id: string }> = Omit<T, 'id'> & { _id: string };
