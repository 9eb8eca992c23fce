/**
 * Module resolve hook of the plugin host (registered only once a plugin is reloaded with changed code).
 * ES modules cannot be unloaded, so a reloaded plugin's main module is imported under a new URL query; this hook
 * gives every module inside that plugin's folder the same query, so the whole plugin loads afresh while modules
 * outside it (the shared plugin API, Node's builtins) stay shared.
 */
import type { ResolveHook } from 'node:module';

export const GENERATION_PARAM = 'tl-generation';
export const ROOT_PARAM = 'tl-root';

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const resolved = await nextResolve(specifier, context);
  const parent = context.parentURL;
  if (!parent?.includes(`${GENERATION_PARAM}=`) || !resolved.url.startsWith('file:') || resolved.url.includes('?')) return resolved;
  const query = new URL(parent).search;
  const root = new URLSearchParams(query).get(ROOT_PARAM);
  return root && resolved.url.startsWith(root) ? { ...resolved, url: `${resolved.url}${query}` } : resolved;
};
