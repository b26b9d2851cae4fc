// Preloaded with `node --import` in tests: writes every module URL qualkit resolves to
// stderr as `MODULE <url>`, so a test can check what a command loads.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      process.stderr.write('MODULE ' + result.url + '\\n');
      return result;
    }`)}`,
);
