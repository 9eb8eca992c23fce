export * from './kernel.js';
export * from './kernel-paths.js';
export { KernelOptions } from './core/kernel-options.js';
