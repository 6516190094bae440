// The parts of Eleventy 3's JavaScript API this project calls (the package ships no types).
declare module "@11ty/eleventy/UserConfig" {
  export interface UserConfig {
    addExtension(extension: string, options: { key: string }): void;
    setTemplateFormats(formats: string[]): void;
    setQuietMode(quiet: boolean): void;
    setDataDeepMerge(deep: boolean): void;
    addGlobalData(name: string, value: unknown): void;
  }
}

declare module "@11ty/eleventy" {
  import type { UserConfig } from "@11ty/eleventy/UserConfig";
  export interface EleventyOptions {
    configPath?: string;
    quietMode?: boolean;
    config?: (eleventyConfig: UserConfig) => void | Promise<void>;
  }
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: EleventyOptions);
    write(): Promise<unknown>;
    disableLogger(): void;
  }
}
