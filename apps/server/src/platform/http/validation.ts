import AjvCompiler from '@fastify/ajv-compiler';

type AjvOptions = Extract<Parameters<AjvCompiler.BuildCompilerFromPool>[1], { mode?: never }>;
// What Fastify hands a compiler (the package's own type names only the schema).
type CompileRoute = (
  route: Omit<AjvCompiler.RouteDefinition, 'httpPart'> & { httpPart: string },
) => ReturnType<ReturnType<AjvCompiler.BuildCompilerFromPool>>;

const fromPool = AjvCompiler();

/**
 * Request validators: a URL's path and query are text, so a declared number or boolean there is read
 * from its text (and one value becomes a one-item list); a JSON body already carries its types, so a
 * string, null, boolean or list where a number is declared is the client's error, never converted.
 */
export const buildRequestValidator: AjvCompiler.BuildCompilerFromPool = (externalSchemas, options) => {
  const given = options as AjvOptions | undefined;
  const custom = given?.customOptions ?? {};
  const ofText = fromPool(externalSchemas, { ...given, customOptions: { ...custom, coerceTypes: 'array' } });
  const ofBody = fromPool(externalSchemas, { ...given, customOptions: { ...custom, coerceTypes: false } });
  const compile: CompileRoute = (route) =>
    ((route.httpPart === 'body' ? ofBody : ofText) as unknown as CompileRoute)(route);
  return compile as unknown as ReturnType<AjvCompiler.BuildCompilerFromPool>;
};
