// Preloaded with `node --import` in tests: any module qualkit loads that asks for a
// network module (http, https, net, tls, dgram, http2) stops the process with code 99.
import Module, { register } from 'node:module';

const FORBIDDEN = ['http', 'https', 'net', 'tls', 'dgram', 'http2'];
const isForbidden = (specifier) => FORBIDDEN.includes(String(specifier).replace(/^node:/, ''));

const load = Module._load;
Module._load = function guardedLoad(request, ...rest) {
  if (isForbidden(request)) {
    process.stderr.write(`NETWORK-MODULE required: ${request}\n`);
    process.exit(99);
  }
  return load.call(this, request, ...rest);
};

register(
  `data:text/javascript,${encodeURIComponent(`
    const FORBIDDEN = ${JSON.stringify(FORBIDDEN)};
    export async function resolve(specifier, context, next) {
      if (FORBIDDEN.includes(String(specifier).replace(/^node:/, ''))) {
        process.stderr.write('NETWORK-MODULE imported: ' + specifier + '\\n');
        process.exit(99);
      }
      return next(specifier, context);
    }`)}`,
);
