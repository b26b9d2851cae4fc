// Preloaded with `node --import` in tests: any module qualkit loads that asks for a
// network module (http, https, net, tls, dgram, http2) stops the process with code 99.
// QUALKIT_GUARD_ALLOW=http lets `qualkit code` load node:http to serve on the loopback
// address; every other network module stays forbidden, and any outgoing connection
// (a socket's connect) stops the process too.
import Module, { register } from 'node:module';

const ALLOWED = (process.env.QUALKIT_GUARD_ALLOW ?? '').split(',').filter(Boolean);
const FORBIDDEN = ['http', 'https', 'net', 'tls', 'dgram', 'http2'].filter((m) => !ALLOWED.includes(m));
const isForbidden = (specifier) => FORBIDDEN.includes(String(specifier).replace(/^node:/, ''));

const load = Module._load;
Module._load = function guardedLoad(request, ...rest) {
  if (isForbidden(request)) {
    process.stderr.write(`NETWORK-MODULE required: ${request}\n`);
    process.exit(99);
  }
  return load.call(this, request, ...rest);
};

if (ALLOWED.length > 0) {
  const net = process.getBuiltinModule('node:net');
  net.Socket.prototype.connect = function refusedConnect() {
    process.stderr.write('NETWORK-CONNECT attempted\n');
    process.exit(99);
  };
}

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
