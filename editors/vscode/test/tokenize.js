// Tokenize files with the grammar as VS Code does (vscode-textmate + vscode-oniguruma) and
// print the tokens as JSON: [{file, tokens: [{line, start, end, text, scopes}]}].
// Usage: node test/tokenize.js GRAMMAR FILE...
"use strict";

const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

async function main() {
  const [grammarPath, ...files] = process.argv.slice(2);
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async () => vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath),
  });
  const grammar = await registry.loadGrammar("source.ibdsl");
  const out = [];
  for (const file of files) {
    const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
    let state = vsctm.INITIAL;
    const tokens = [];
    lines.forEach((line, index) => {
      const result = grammar.tokenizeLine(line, state);
      for (const token of result.tokens) {
        tokens.push({
          line: index + 1,
          start: token.startIndex,
          end: token.endIndex,
          text: line.slice(token.startIndex, token.endIndex),
          scopes: token.scopes,
        });
      }
      state = result.ruleStack;
    });
    out.push({ file, tokens });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
