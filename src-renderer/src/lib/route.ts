/** A tiny hash router: #/datasets, #/new, #/sweep, #/runs, #/run/7, #/compare/3,5. */
import { ref } from 'vue';

export type Route =
  | { view: 'datasets' }
  | { view: 'new'; datasetId: number | null }
  | { view: 'sweep'; datasetId: number | null }
  | { view: 'runs' }
  | { view: 'run'; id: number }
  | { view: 'compare'; ids: number[] };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  const ids = (text: string | undefined): number[] => (text ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  switch (parts[0]) {
    case 'new':
      return { view: 'new', datasetId: ids(parts[1])[0] ?? null };
    case 'sweep':
      return { view: 'sweep', datasetId: ids(parts[1])[0] ?? null };
    case 'runs':
      return { view: 'runs' };
    case 'run': {
      const id = ids(parts[1])[0];
      return id === undefined ? { view: 'runs' } : { view: 'run', id };
    }
    case 'compare':
      return { view: 'compare', ids: ids(parts[1]) };
    default:
      return { view: 'datasets' };
  }
}

export const route = ref<Route>(parseRoute(window.location.hash));
window.addEventListener('hashchange', () => {
  route.value = parseRoute(window.location.hash);
});

export function go(hash: string): void {
  window.location.hash = hash;
}
