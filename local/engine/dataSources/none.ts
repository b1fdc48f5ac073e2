/** AppSync's NONE data source: the request's `payload` becomes `ctx.result`. */
import type { DataSource } from '../executor.js';

export const noneDataSource: DataSource = {
  async invoke(request) {
    const payload = request !== null && typeof request === 'object' ? (request as { payload?: unknown }).payload : undefined;
    return { result: payload ?? null };
  },
};
