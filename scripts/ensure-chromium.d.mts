// Types for ensure-chromium.mjs, so the TypeScript browser harness can share it.
export declare const DEFAULT_CHROMIUM: string;
export declare function chromiumPath(): string;
export declare function ensureChromium(log?: (msg: string) => void): string;
