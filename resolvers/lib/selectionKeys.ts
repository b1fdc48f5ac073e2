/**
 * A mutation whose result triggers subscriptions must not put one field's value under another
 * field's name. AppSync sends subscribers the mutation's response under its response keys
 * (aliases included: https://github.com/aws/aws-appsync-community/issues/160) and does not document
 * whether subscription filters read those keys or the fields, so `user_id: order_id` with
 * `order_id: "alice"` could reach a subscription filtered to `user_id = alice` (issue 24, defect 8).
 * Checked in the request handler, before anything is written, from what `ctx.info` shows:
 * - `selectionSetGraphQL` keeps aliases as written (`secondTitle: title`) and inline fragments,
 *   but only the name of a named fragment spread (`... postFrag`);
 * - `selectionSetList` names an aliased field only by its alias, fragments' fields included
 *   (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html, "Info").
 * So: an alias that is the name of a field of the type but selects another field is refused, and a
 * key named after a field that only a named fragment can have produced (its alias unseen) is
 * refused too. Aliases to other names (`uid: user_id`) are fine.
 * Written in the APPSYNC_JS subset (no regex, while, recursion or `++`; strings read via split('')).
 */
import type { Info } from '@aws-appsync/utils';

const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
/** Punctuators kept as tokens outside arguments; everything else there is ignored (spaces, commas). */
const PUNCTUATORS = ':{}@$!=[]';

interface Lexer {
  tokens: string[];
  name: string;
  /** Depth of argument parentheses: nothing inside them is a selection. */
  parens: number;
  quoted: boolean;
  block: boolean;
  escaped: boolean;
  comment: boolean;
  /** Characters still to skip (the rest of `"""` or `...`). */
  skip: number;
  broken: boolean;
}

/** An alias as written: `key: field`. */
interface Alias {
  key: string;
  field: string;
}

/** The selection's tokens outside arguments, strings and comments; null when the text does not read as GraphQL. */
export function selectionTokens(text: string): string[] | null {
  const chars = text.split('');
  const lexer: Lexer = {
    tokens: [],
    name: '',
    parens: 0,
    quoted: false,
    block: false,
    escaped: false,
    comment: false,
    skip: 0,
    broken: false,
  };
  let i = 0;
  for (const ch of chars) {
    step(lexer, ch, chars, i);
    i += 1;
  }
  endName(lexer);
  if (lexer.broken || lexer.quoted || lexer.block || lexer.parens !== 0) {
    return null;
  }
  return lexer.tokens;
}

/** Whether the character at `i` is the first of three `c`. */
function tripled(chars: string[], i: number, c: string): boolean {
  return chars[i] === c && chars[i + 1] === c && chars[i + 2] === c;
}

function step(lexer: Lexer, ch: string, chars: string[], i: number): void {
  if (lexer.skip > 0) {
    lexer.skip -= 1;
  } else if (lexer.comment) {
    lexer.comment = ch !== '\n' && ch !== '\r';
  } else if (lexer.block) {
    // A block string ends at `"""`; `\"""` is an escaped one.
    if (ch === '\\' && tripled(chars, i + 1, '"')) {
      lexer.skip = 3;
    } else if (tripled(chars, i, '"')) {
      lexer.block = false;
      lexer.skip = 2;
    }
  } else if (lexer.quoted) {
    stepInString(lexer, ch);
  } else if (NAME_CHARS.indexOf(ch) >= 0) {
    lexer.name = lexer.name + ch;
  } else {
    endName(lexer);
    stepPunctuation(lexer, chars, i);
  }
}

function stepInString(lexer: Lexer, ch: string): void {
  if (lexer.escaped) {
    lexer.escaped = false;
  } else if (ch === '\\') {
    lexer.escaped = true;
  } else if (ch === '"') {
    lexer.quoted = false;
  } else if (ch === '\n' || ch === '\r') {
    lexer.broken = true;
  }
}

function stepPunctuation(lexer: Lexer, chars: string[], i: number): void {
  const ch = chars[i] ?? '';
  if (ch === '"') {
    if (tripled(chars, i, '"')) {
      lexer.block = true;
      lexer.skip = 2;
    } else {
      lexer.quoted = true;
    }
  } else if (ch === '#') {
    lexer.comment = true;
  } else if (ch === '(') {
    lexer.parens += 1;
  } else if (ch === ')') {
    lexer.parens -= 1;
    lexer.broken = lexer.broken || lexer.parens < 0;
  } else if (lexer.parens === 0 && ch === '.') {
    if (tripled(chars, i, '.')) {
      lexer.tokens.push('...');
      lexer.skip = 2;
    } else {
      lexer.broken = true;
    }
  } else if (lexer.parens === 0 && PUNCTUATORS.indexOf(ch) >= 0) {
    lexer.tokens.push(ch);
  }
}

function endName(lexer: Lexer): void {
  if (lexer.name !== '' && lexer.parens === 0) {
    lexer.tokens.push(lexer.name);
  }
  lexer.name = '';
}

const isName = (token: string | undefined): boolean => token !== undefined && NAME_CHARS.indexOf(token.charAt(0)) >= 0;

/**
 * The problem with a selection of an object whose fields are `fieldNames`, as a sentence, or null.
 * @param info `ctx.info` of the field whose result subscribers receive
 * @param typeName the result's type, for the sentence
 * @param fieldNames the names of its fields (what subscription filters name)
 */
export function forgedKeyProblem(info: Info | undefined, typeName: string, fieldNames: string[]): string | null {
  // AppSync always gives a GraphQL request its selection; a context without one (EvaluateCode
  // called with arguments only) has no response keys to check.
  if (info === undefined || info === null || typeof info.selectionSetGraphQL !== 'string') {
    return null;
  }
  const tokens = selectionTokens(info.selectionSetGraphQL);
  if (tokens === null) {
    return 'the selection set could not be read';
  }
  const aliases: Alias[] = [];
  const plain: string[] = [];
  const spreads: string[] = [];
  tokens.forEach((token, i) => {
    const before = tokens[i - 1];
    if (!isName(token) || before === '@' || before === ':' || (before === 'on' && tokens[i - 2] === '...')) {
      return;
    }
    if (before === '...') {
      if (token !== 'on') {
        spreads.push(token);
      }
    } else if (tokens[i + 1] === ':') {
      aliases.push({ key: token, field: tokens[i + 2] ?? '' });
    } else {
      plain.push(token);
    }
  });
  const forged = aliases.find((a) => fieldNames.indexOf(a.key) >= 0 && a.key !== a.field);
  if (forged !== undefined) {
    return `the selection must not name another field after the ${typeName} field ${forged.key} (${forged.key}: ${forged.field}): subscribers filter on ${typeName}'s field names; alias it to a name that is not a field of ${typeName}`;
  }
  if (spreads.length === 0) {
    return null;
  }
  const visible = plain.concat(aliases.map((a) => a.key));
  const unseen = (info.selectionSetList ?? []).find((key) => fieldNames.indexOf(key) >= 0 && visible.indexOf(key) < 0);
  if (unseen === undefined) {
    return null;
  }
  return `the selection must not take the ${typeName} field ${unseen} from the named fragment ${spreads[0]}, whose aliases a resolver cannot see: select ${typeName}'s fields directly or in an inline fragment`;
}
