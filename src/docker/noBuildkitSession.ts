// Stands in for @grpc/grpc-js, @grpc/proto-loader and protobufjs in the bundled dockerode: they serve
// only dockerode's BuildKit sessions (`buildImage` with `version: '2'`), which load .proto files from
// node_modules at run time and so cannot work from a bundle. Stevedore builds with the classic
// builder; anything that reaches here gets a clear error instead of 1 MB of unused code.
const unsupported = (): never => {
  throw new Error('BuildKit sessions are not available in Stevedore: builds use the classic builder (version "1").');
};

const stub: Record<string, unknown> = new Proxy({}, { get: (_target, key) => (key === '__esModule' ? false : unsupported) });
module.exports = stub;
