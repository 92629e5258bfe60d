// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import DatasetEditor from '../../src-renderer/src/components/DatasetEditor.vue';
import { client as api } from './client-stub';

vi.mock('../../src-renderer/src/api/client', () => import('./client-stub'));

const prop = (name: string, role: 'input' | 'target' | 'unused', samples: number[]) => ({
  name, scope: 'frame', kind: 'numeric', width: 1, distinct: null, unit: name === 'energy' ? 'eV' : null, description: null, role, samples,
});

/** Suggestions as the server gives them: `energy` is the target (also for the range 0:1). */
function suggestions(current: Record<string, unknown>) {
  return {
    datasetId: 3,
    format: 'extxyz',
    editable: ['targets', 'layout'],
    current,
    properties: [prop('energy', 'target', [-10, -10.1, -10.2]), prop('gap', 'unused', [0.5, 0.25, 0.125])],
    suggestions: [],
    equivariant: { possible: false, reason: 'scalars' },
    notes: [],
  };
}

const summary = {
  id: 3,
  name: 'm.extxyz',
  contentHash: 'h1',
  format: 'extxyz',
  layout: { kind: 'points', d: 3, maxPoints: 5 },
  targets: [{ name: 'energy', unit: 'eV' }],
  units: { source: 'ASE convention', positions: 'Angstrom' },
};

beforeEach(() => {
  api.call.mockClear();
  api.handlers['datasets.suggest'] = (input) => suggestions((input as { draft?: Record<string, unknown> }).draft ?? { targets: 'energy', layout: 'points:3' });
  api.handlers['datasets.list'] = () => [summary];
  api.handlers['datasets.builtins'] = () => [];
  api.handlers['datasets.preview'] = () => ({ samples: [], table: null, histograms: [] });
  // The importer's default for cleared targets is energy: the same dataset comes back.
  api.handlers['datasets.update'] = () => summary;
});

async function mounted() {
  const pinia = createPinia();
  setActivePinia(pinia);
  const wrapper = mount(DatasetEditor, { props: { datasetId: 3 }, global: { plugins: [pinia] } });
  // The store the editor made (not imported here: the node type check does not know `window`).
  const store = (pinia as unknown as { _s: Map<string, { refresh(): Promise<void> }> })._s.get('datasets')!;
  await store.refresh();
  await flushPromises();
  return wrapper;
}

describe('DatasetEditor', () => {
  it('shows three sample values per candidate, by name', async () => {
    const w = await mounted();
    expect(w.find('[data-test=samples-energy]').text()).toBe('-10, -10.1, -10.2');
    expect(w.find('[data-test=samples-gap]').text()).toBe('0.5, 0.25, 0.125');
  });

  it('ticks the targets a range selects, as the importer resolved them', async () => {
    const w = await mounted();
    await w.find('[data-test=field-targets]').setValue('0:1');
    await new Promise((r) => setTimeout(r, 300));
    await flushPromises();
    expect((w.find('[data-test=target-energy]').element as unknown as { checked: boolean; value: string }).checked).toBe(true);
    expect((w.find('[data-test=target-gap]').element as unknown as { checked: boolean; value: string }).checked).toBe(false);
  });

  it('disables Apply, with the reason, once the importer answered that a change gives the same dataset', async () => {
    const w = await mounted();
    const button = w.find('[data-test=edit-apply]');
    expect(button.attributes('disabled')).toBeDefined();
    expect(w.find('[data-test=edit-apply-state]').text()).toBe('no changes');
    await w.find('[data-test=field-targets]').setValue('');
    expect(button.attributes('disabled')).toBeUndefined();
    await button.trigger('click');
    await flushPromises();
    await w.find('[data-test=field-targets]').setValue('');
    await flushPromises();
    expect(api.call).toHaveBeenCalledWith('datasets.update', { id: 3, options: { targets: '' } });
    expect(w.find('[data-test=edit-apply]').attributes('disabled')).toBeDefined();
    expect(w.find('[data-test=edit-apply-state]').text()).toContain('these settings import the same dataset as now');
  });

  it('lists the units of the targets and positions with where they come from, and sends a corrected unit with Apply', async () => {
    const w = await mounted();
    expect((w.find('[data-test=unit-energy]').element as unknown as { value: string }).value).toBe('eV');
    expect(w.find('[data-test=unit-from-energy]').text()).toBe('ASE convention');
    expect((w.find('[data-test=unit-positions]').element as unknown as { value: string }).value).toBe('Angstrom');
    await w.find('[data-test=unit-energy]').setValue(' kcal/mol ');
    expect(w.find('[data-test=edit-apply-state]').text()).toBe('changes: units');
    await w.find('[data-test=edit-apply]').trigger('click');
    await flushPromises();
    expect(api.call).toHaveBeenCalledWith('datasets.update', { id: 3, options: { units: { energy: 'kcal/mol' } } });
  });

  it("offers to forget a unit the user set, going back to the file's", async () => {
    api.handlers['datasets.list'] = () => [{ ...summary, targets: [{ name: 'energy', unit: 'kcal/mol' }], units: { source: 'ASE convention; user: energy', positions: 'Angstrom' }, userUnits: { energy: 'kcal/mol' } }];
    const w = await mounted();
    expect(w.find('[data-test=unit-from-energy]').text()).toContain('set by you');
    expect(w.find('[data-test=unit-from-positions]').text()).toBe('ASE convention');
    await w.find('[data-test=unit-reset-energy]').trigger('click');
    await w.find('[data-test=edit-apply]').trigger('click');
    await flushPromises();
    expect(api.call).toHaveBeenCalledWith('datasets.update', { id: 3, options: { units: { energy: null } } });
  });

  it('a table column ticked as the group leaves the inputs, and Apply sends groupBy; ticking it as an input again clears the group', async () => {
    const col = (name: string, role: string) => ({ name, scope: 'column', kind: 'numeric', width: 1, distinct: null, unit: null, description: null, role, samples: [0, 1, 2] });
    api.handlers['datasets.list'] = () => [{ ...summary, format: 'csv', layout: { kind: 'vector', d: 3, blocks: 1 }, targets: [{ name: 'e', unit: null }], units: undefined }];
    api.handlers['datasets.suggest'] = (input) => ({
      datasetId: 3,
      format: 'csv',
      editable: ['inputs', 'targets', 'layout', 'task', 'targetKind', 'groupBy'],
      current: (input as { draft?: Record<string, unknown> }).draft ?? { task: 'invariant', targetKind: 'regression' },
      properties: [col('traj_id', 'input'), col('x', 'input'), col('y', 'input'), col('e', 'target')],
      suggestions: [{ field: 'groupBy', value: 'traj_id', reason: 'traj_id names a group' }],
      equivariant: { possible: false, reason: 'scalars' },
      notes: [],
    });
    const w = await mounted();
    const checked = (sel: string) => (w.find(sel).element as unknown as { checked: boolean }).checked;
    expect(checked('[data-test=input-traj_id]')).toBe(true);
    expect(checked('[data-test=group-traj_id]')).toBe(false);
    await w.find('[data-test=group-traj_id]').setValue(true);
    expect(checked('[data-test=group-traj_id]')).toBe(true);
    expect(checked('[data-test=input-traj_id]')).toBe(false);
    expect(w.find('[data-test=edit-apply-state]').text()).toBe('changes: groupBy, inputs');
    await w.find('[data-test=edit-apply]').trigger('click');
    await flushPromises();
    expect(api.call).toHaveBeenCalledWith('datasets.update', { id: 3, options: { groupBy: 'traj_id', inputs: 'x,y' } });
    // Ticking it as an input again clears the group column.
    await w.find('[data-test=input-traj_id]').setValue(true);
    expect(checked('[data-test=group-traj_id]')).toBe(false);
  });
});
