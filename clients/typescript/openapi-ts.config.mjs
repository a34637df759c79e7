// @hey-api/openapi-ts: the types, one function per operation (named by its operationId) and the
// fetch client they call, bundled into src/ so that the package needs nothing at run time.
export default {
  input: '../openapi.json',
  output: { path: 'src', importFileExtension: '.js' },
  plugins: ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'],
  logs: { file: false },
};
