// Babel plugin used only by Jest (see jest.config.js) to run NestJS's ES modules
// as CommonJS: `import.meta.url` becomes the file's URL, and the ESM idiom
// `const require = createRequire(import.meta.url)` is dropped, since CommonJS
// already has a `require` (keeping it would shadow the one the imports compile to);
// `import(x)` becomes a promise of `require(x)`, which Jest's loader can serve.
module.exports = function nestEsmToCommonJs({ types: t }) {
  return {
    visitor: {
      CallExpression(path) {
        if (path.node.callee.type !== "Import") return;
        path.replaceWith(
          t.callExpression(
            t.memberExpression(
              t.callExpression(
                t.memberExpression(
                  t.identifier("Promise"),
                  t.identifier("resolve"),
                ),
                [],
              ),
              t.identifier("then"),
            ),
            [
              t.arrowFunctionExpression(
                [],
                t.callExpression(t.identifier("require"), path.node.arguments),
              ),
            ],
          ),
        );
      },
      VariableDeclarator(path) {
        const { id, init } = path.node;
        if (
          t.isIdentifier(id, { name: "require" }) &&
          t.isCallExpression(init) &&
          t.isIdentifier(init.callee, { name: "createRequire" })
        ) {
          if (path.parent.declarations.length === 1) path.parentPath.remove();
          else path.remove();
        }
      },
      MetaProperty(path) {
        if (path.node.meta.name !== "import") return;
        const parent = path.parentPath;
        const url = t.memberExpression(
          t.callExpression(
            t.memberExpression(
              t.callExpression(t.identifier("require"), [
                t.stringLiteral("node:url"),
              ]),
              t.identifier("pathToFileURL"),
            ),
            [t.identifier("__filename")],
          ),
          t.identifier("href"),
        );
        if (
          parent.isMemberExpression() &&
          t.isIdentifier(parent.node.property, { name: "url" })
        ) {
          parent.replaceWith(url);
        } else {
          path.replaceWith(
            t.objectExpression([t.objectProperty(t.identifier("url"), url)]),
          );
        }
      },
    },
  };
};
