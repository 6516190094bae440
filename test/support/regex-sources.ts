// Every regular expression written in the source: `/…/flags` literals and `new RegExp("…")` /
// `RegExp("…")` calls with a literal pattern, found with the TypeScript parser (not a regex over
// the code, which would miss or invent some). Dynamic patterns are listed apart so a test can
// refuse them: a pattern built at run time cannot be checked here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

export interface FoundRegex {
  file: string;
  line: number;
  source: string;
  flags: string;
}

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

export function findRegexes(files: string[], root: string): { found: FoundRegex[]; dynamic: { file: string; line: number; text: string }[] } {
  const found: FoundRegex[] = [];
  const dynamic: { file: string; line: number; text: string }[] = [];
  for (const path of files) {
    const text = readFileSync(path, "utf8");
    const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const file = relative(root, path);
    const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
    const visit = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const lit = node.getText(sf);
        const end = lit.lastIndexOf("/");
        found.push({ file, line: lineOf(node), source: lit.slice(1, end), flags: lit.slice(end + 1) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === "RegExp") {
        const [pattern, flags] = node.arguments ?? [];
        if (pattern && ts.isStringLiteralLike(pattern) && (!flags || ts.isStringLiteralLike(flags))) {
          found.push({ file, line: lineOf(node), source: pattern.text, flags: flags && ts.isStringLiteralLike(flags) ? flags.text : "" });
        } else {
          dynamic.push({ file, line: lineOf(node), text: node.getText(sf).slice(0, 120) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { found, dynamic };
}
