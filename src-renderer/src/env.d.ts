/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

// Set by the preload in the desktop app; absent when the page is opened any other way.
interface Window {
  readonly semola?: { readonly version: string };
}
