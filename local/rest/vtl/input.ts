/**
 * API Gateway's `$input` for mapping templates: the payload (the method request body in a request
 * template, the integration response body in a response template) and the method request's
 * parameters. `path` gives a value to work with, `json` gives JSON text; both take JSONPath.
 */
import { selectJsonPath } from './jsonPath.js';

export interface RequestParams {
  path: Record<string, string>;
  querystring: Record<string, string>;
  header: Record<string, string>;
}

export function createInput(body: string, params: RequestParams) {
  let parsed: { value: unknown } | undefined;
  // Parsed on first use: a template that never reads the payload accepts any text, as in API Gateway.
  const root = (): unknown => (parsed ??= { value: body.trim() === '' ? {} : JSON.parse(body) }).value;
  return {
    body,
    /** A copy each call: velocityjs writes helpers onto objects whose methods a template calls. */
    path: (jsonPath: string): unknown => {
      const value = selectJsonPath(root(), jsonPath);
      return value === undefined ? undefined : structuredClone(value);
    },
    json: (jsonPath: string): string => {
      const value = selectJsonPath(root(), jsonPath);
      return value === undefined ? '' : JSON.stringify(value);
    },
    /** params(): every parameter by kind; params(name): path, then query string, then header. */
    params: (name?: string): unknown => {
      if (name === undefined) return structuredClone(params);
      const header = Object.entries(params.header).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
      return params.path[name] ?? params.querystring[name] ?? header ?? '';
    },
  };
}
