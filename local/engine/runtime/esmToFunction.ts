/**
 * Turns a resolver bundle (an ES module importing `@aws-appsync/*`) into the body of a plain
 * function `(__appsyncImport) => exports`, so a vm.Script can run it. Only the import and export
 * statements are rewritten, in place and with the same line breaks: every other character of the
 * bundle runs as written and keeps its line. No helper code is injected that would need built-ins
 * the restricted realm no longer has (esbuild's CommonJS output needs Object.defineProperty...).
 */
import { parse, type Node, type Pattern } from 'acorn';

export const IMPORT_FUNCTION = '__appsyncImport';
/** Lines the function's source has before the bundle's first line. */
export const HEADER_LINES = 1;

/** The function's source: `(function (__appsyncImport) { ...bundle...; return { request, response }; })`. */
export function esmToFunction(source: string): string {
  const program = parse(source, { ecmaVersion: 'latest', sourceType: 'module' });
  const edits: { start: number; end: number; text: string }[] = [];
  const hoisted: string[] = [];
  const exported: string[] = [];

  for (const node of program.body) {
    if (node.type === 'ImportDeclaration') {
      const from = `${IMPORT_FUNCTION}(${JSON.stringify(node.source.value)})`;
      const named: string[] = [];
      for (const s of node.specifiers) {
        if (s.type === 'ImportNamespaceSpecifier') hoisted.push(`const ${s.local.name} = ${from};`);
        else if (s.type === 'ImportDefaultSpecifier') hoisted.push(`const ${s.local.name} = ${from}.default;`);
        else named.push(`${JSON.stringify(nameOf(s.imported))}: ${s.local.name}`);
      }
      if (named.length > 0) hoisted.push(`const { ${named.join(', ')} } = ${from};`);
      if (node.specifiers.length === 0) hoisted.push(`${from};`);
      edits.push({ start: node.start, end: node.end, text: '' });
    } else if (node.type === 'ExportNamedDeclaration') {
      if (node.declaration) {
        edits.push({ start: node.start, end: node.declaration.start, text: '' });
        const d = node.declaration;
        if (d.type === 'VariableDeclaration')
          for (const v of d.declarations) for (const id of boundNames(v.id)) exported.push(`${JSON.stringify(id)}: ${id}`);
        else if (d.id) exported.push(`${JSON.stringify(d.id.name)}: ${d.id.name}`);
      } else {
        const from = node.source ? `${IMPORT_FUNCTION}(${JSON.stringify(node.source.value)})` : null;
        for (const s of node.specifiers) {
          const local = nameOf(s.local);
          exported.push(`${JSON.stringify(nameOf(s.exported))}: ${from ? `${from}[${JSON.stringify(local)}]` : local}`);
        }
        edits.push({ start: node.start, end: node.end, text: '' });
      }
    } else if (node.type === 'ExportDefaultDeclaration') {
      const d = node.declaration;
      if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) {
        edits.push({ start: node.start, end: d.start, text: '' });
        exported.push(`"default": ${d.id.name}`);
      } else {
        edits.push({ start: node.start, end: d.start, text: 'const __default = ' });
        exported.push('"default": __default');
      }
    } else if (node.type === 'ExportAllDeclaration') {
      throw new Error(`'export * from ${JSON.stringify(node.source.value)}' is not supported in a resolver bundle`);
    }
  }

  let body = '';
  let at = 0;
  for (const edit of edits) {
    // Removed text becomes blanks with the same line breaks: every later character keeps its line and column.
    const blanks = source.slice(edit.start, edit.end).replace(/[^\n]/g, ' ');
    const firstLine = blanks.indexOf('\n') < 0 ? blanks.length : blanks.indexOf('\n');
    body += source.slice(at, edit.start) + edit.text + blanks.slice(Math.min(edit.text.length, firstLine));
    at = edit.end;
  }
  body += source.slice(at);
  // What is added goes on a line of its own before the bundle (run the script with lineOffset
  // -HEADER_LINES) and after it, so the bundle's lines and columns are the script's.
  return `(function (${IMPORT_FUNCTION}) { 'use strict'; ${hoisted.join(' ')}\n${body}\n;return { ${exported.join(', ')} };\n})`;
}

function nameOf(node: Node): string {
  return node.type === 'Identifier' ? (node as Node & { name: string }).name : String((node as Node & { value: unknown }).value);
}

function boundNames(pattern: Pattern): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => boundNames(p.type === 'RestElement' ? p.argument : p.value));
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => (e ? boundNames(e) : []));
    case 'RestElement':
      return boundNames(pattern.argument);
    case 'AssignmentPattern':
      return boundNames(pattern.left);
    default:
      return [];
  }
}
