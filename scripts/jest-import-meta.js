// Babel plugin for Jest only. NestJS 12 ships ES modules, which Jest 29 runs as CommonJS. Two things
// do not survive that: `import.meta.url` and `import.meta.resolve` (rewritten to the module's own file, without touching `require`,
// since some of those modules declare their own `require` from createRequire), and dynamic `import()`
// of optional packages (rewritten to a require, which Jest's module system can serve).
module.exports = function importMetaToCommonJs({ types: t }) {
  return {
    visitor: {
      CallExpression(path) {
        if (!t.isImport(path.node.callee)) return;
        const load = t.callExpression(t.identifier('require'), path.node.arguments);
        path.replaceWith(
          t.callExpression(
            t.memberExpression(
              t.callExpression(t.memberExpression(t.identifier('Promise'), t.identifier('resolve')), []),
              t.identifier('then'),
            ),
            [t.arrowFunctionExpression([], load)],
          ),
        );
      },
      MemberExpression(path) {
        const { object, property } = path.node;
        if (!t.isMetaProperty(object) || object.meta.name !== 'import' || object.property.name !== 'meta')
          return;
        const name = t.isIdentifier(property) ? property.name : undefined;
        if (name === 'url') {
          path.replaceWith(t.binaryExpression('+', t.stringLiteral('file://'), t.identifier('__filename')));
        } else if (name === 'filename') {
          path.replaceWith(t.identifier('__filename'));
        } else if (name === 'dirname') {
          path.replaceWith(t.identifier('__dirname'));
        } else if (name === 'resolve') {
          // @nestjs/terminus checks its optional peers with import.meta.resolve.
          path.replaceWith(t.memberExpression(t.identifier('require'), t.identifier('resolve')));
        }
      },
    },
  };
};
