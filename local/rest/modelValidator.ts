/**
 * Validates a request body against a REST model file with ajv's draft-04 validator (API Gateway's
 * models are draft-04) and says what is wrong in words that name the field, e.g.
 * `grand_total must be a number`. Every problem is reported, as API Gateway's validator does.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';

const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, unicodeRegExp: true });

function fieldOf(error: ErrorObject): string {
  if (error.keyword === 'required') return String((error.params as { missingProperty: string }).missingProperty).replace(/^\./, '');
  if (error.keyword === 'additionalProperties') return String((error.params as { additionalProperty: string }).additionalProperty);
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return path.length === 0 ? 'body' : path.join('.');
}

function problemOf(error: ErrorObject, schema: Record<string, unknown>): string {
  const params = error.params as Record<string, unknown>;
  // JSON.parse reads 1e309 as Infinity: out of range, but the rule broken is GraphQL's (and the
  // resolvers') "must be a finite number", so say that, in the same words.
  if ((error.keyword === 'maximum' || error.keyword === 'minimum') && typeof error.data === 'number' && !Number.isFinite(error.data)) {
    return 'must be a finite number';
  }
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not allowed';
    case 'type': {
      const type = String(params.type);
      return type === 'object' || type === 'array' ? `must be a JSON ${type}` : `must be a ${type}`;
    }
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters`;
    case 'maxLength':
      return `must be at most ${String(params.limit)} characters`;
    case 'pattern':
      // The model's description says the rule in words; the regex itself is no help to a client.
      return schema.description ? `must be ${String(schema.description).replace(/\.$/, '')}` : `must match ${String(params.pattern)}`;
    case 'minimum':
      return `must be >= ${String(params.limit)}`;
    case 'maximum':
      return `must be <= ${String(params.limit) === '1000000000000' ? '1e12' : String(params.limit)}`;
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}

export interface ModelValidator {
  /** null when valid, else every problem, each naming its field, joined by '; '. */
  (body: unknown): string | null;
}

export function createModelValidator(model: Record<string, unknown>): ModelValidator {
  const validate: ValidateFunction = ajv.compile(model);
  return (body) => {
    if (validate(body)) return null;
    return (validate.errors ?? [])
      .map((e) => `${fieldOf(e)} ${problemOf(e, (e.parentSchema ?? {}) as Record<string, unknown>)}`)
      .join('; ');
  };
}
