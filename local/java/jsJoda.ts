/**
 * js-joda (a maintained port of java.time) with the tz database and en-US text, loaded on first
 * use: unpacking the tz database costs about a second, and most requests never format a date.
 * Loaded with require so that core, timezone and locale are one instance under Node and Vite
 * alike (Vite would pick the packages' ESM builds for an import, the plugins register on CJS).
 */
import { createRequire } from 'node:module';
import type * as Core from '@js-joda/core';
import type * as LocaleModule from '@js-joda/locale';

const require = createRequire(import.meta.url);

interface JsJoda {
  core: typeof Core;
  /** Locale.US: java.time text (month and day names, AM/PM) as a JVM in en-US prints it. */
  us: LocaleModule.Locale;
}

let loaded: JsJoda | undefined;

export function jsJoda(): JsJoda {
  if (loaded === undefined) {
    const core = require('@js-joda/core') as typeof Core;
    require('@js-joda/timezone');
    require('@js-joda/locale_en-us');
    const { Locale } = require('@js-joda/locale') as typeof LocaleModule;
    loaded = { core, us: Locale.US };
  }
  return loaded;
}
