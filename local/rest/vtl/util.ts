/**
 * API Gateway's `$util` for mapping templates, as its reference documents it
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html):
 * escapeJavaScript, parseJson, urlEncode/urlDecode, base64Encode/base64Decode. The Java behaviour
 * lives once in local/java/, shared with the APPSYNC_JS runtime's `util`. A null reference renders
 * as the empty string, as Velocity passes it.
 */
import { base64Decode, base64Encode } from '../../java/base64.js';
import { escapeJavaScript as javaEscapeJavaScript } from '../../java/escapeJavaScript.js';
import { urlDecode as javaUrlDecode, urlEncode as javaUrlEncode } from '../../java/urlCodec.js';

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

export const escapeJavaScript = (value: unknown): string => javaEscapeJavaScript(text(value));
export const urlEncode = (value: unknown): string => javaUrlEncode(text(value));
export const urlDecode = (value: unknown): string => javaUrlDecode(text(value));

const parseJson = (json: unknown): unknown => JSON.parse(String(json));
const encodeBase64 = (value: unknown): string => base64Encode(text(value));
const decodeBase64 = (value: unknown): string => base64Decode(text(value));

/** A new object per render (velocityjs writes a helper onto it when a template calls its methods); the functions are shared. */
export function createUtil() {
  return { escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode: encodeBase64, base64Decode: decodeBase64 };
}
