// Component tests import .vue files; their own types are checked by vue-tsc (tsconfig.web.json),
// the tests' config (tsconfig.node.json) sees them as components.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<Record<string, unknown>, object, unknown>;
  export default component;
}
