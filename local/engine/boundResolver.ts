/** A resolver bound to its field and data source: what the executor runs for a field. */
import type { DataSource } from './dataSources/dataSource.js';
import type { LoadedResolver } from './runtime/instantiateResolver.js';

export interface BoundResolver {
  typeName: string;
  fieldName: string;
  resolver: LoadedResolver;
  dataSource: DataSource;
}
