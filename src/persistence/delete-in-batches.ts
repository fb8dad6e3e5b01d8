import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Deletes the rows matching `condition` (SQL over the alias `row`) in DELETEs of at most `batchSize` ids, so each
 * statement stays short while the app serves; the number of rows deleted.
 */
export async function deleteInBatches(
  dataSource: DataSource,
  entity: EntityTarget<ObjectLiteral>,
  condition: string,
  parameters: Record<string, number>,
  batchSize: number,
): Promise<number> {
  const repository = dataSource.getRepository(entity);
  const [primary] = repository.metadata.primaryColumns;
  let total = 0;
  for (;;) {
    const ids = await repository
      .createQueryBuilder('row')
      .select(`row.${primary.propertyName}`, 'id')
      .where(condition, parameters)
      .limit(batchSize)
      .getRawMany<{ id: number | string }>();
    if (ids.length === 0) return total;
    const result = await repository.delete(ids.map((row) => row.id));
    total += result.affected ?? ids.length;
    if (ids.length < batchSize) return total;
  }
}
