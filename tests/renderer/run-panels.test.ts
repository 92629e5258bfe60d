// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlgebraReport, RunDetail } from '../../src-main/api/schemas';
import type { Verdict } from '../../src-main/engine/verdict/decide';
import AlgebraPanel from '../../src-renderer/src/components/AlgebraPanel.vue';
import ExportPanel from '../../src-renderer/src/components/ExportPanel.vue';
import RunProgress from '../../src-renderer/src/components/RunProgress.vue';
import { runVerdict, verdictDetail, verdictHeadline, verdictInterval } from '../../src-renderer/src/lib/verdict';
import { parseSummary, readSummary } from '../../src-main/summary/schema';
import { storedSummary, storedSummaryJson } from '../fixtures/stored-summary';
import { client as api } from './client-stub';

vi.mock('../../src-renderer/src/api/client', () => import('./client-stub'));

// so(3)-like brackets of three generators: [L1, L2] = L3, [L1, L3] = -L2, [L2, L3] = L1.
const c = [
  [[0, 0, 0], [0, 0, 1], [0, -1, 0]],
  [[0, 0, -1], [0, 0, 0], [1, 0, 0]],
  [[0, 1, 0], [-1, 0, 0], [0, 0, 0]],
];
const report: AlgebraReport = { epoch: 9, structureConstants: c, closureResidual: 0.002, bestMatch: { name: 'so(3)', similarity: 0.987 }, description: 'three generators closing into so(3)' };
const found: Verdict = { status: 'found', interval: { level: 0.9, estimate: -0.03, low: -0.05, high: 0.01, resamples: 1000 }, checks: [], symmetryFound: true, name: 'so(3)', similarity: 0.987, reason: 'symmetry found: enforcing the learned generators changes the held-out task loss by -3%' };
const notFound: Verdict = { status: 'not-found', interval: null, checks: [], symmetryFound: false, name: null, similarity: null, reason: 'no symmetry found: enforcing the learned generators changes the held-out task loss by +27%' };

describe('AlgebraPanel and the run verdict', () => {
  it('is read from the typed run summary, and absent while a run trains, in old summaries, or when the summary cannot be read', () => {
    const withVerdict = (verdict: unknown) => storedSummary({ verdict });
    expect(runVerdict(withVerdict(found))).toEqual(found);
    expect(runVerdict(withVerdict(notFound))).toEqual(notFound);
    // Runs recorded before statuses existed: the store's read gives them a status from symmetryFound.
    const early = runVerdict(withVerdict({ symmetryFound: true, name: 'so(2)', similarity: 0.9, reason: 'symmetry found: x' }));
    expect(early).toEqual({ status: 'found', symmetryFound: true, name: 'so(2)', similarity: 0.9, reason: 'symmetry found: x', interval: null, checks: [] });
    expect(verdictHeadline(early!)).toBe('Symmetry found: so(2)');
    expect(verdictHeadline(runVerdict(withVerdict({ ...notFound, status: 'inconclusive', reason: 'inconclusive: only 16 held-out samples' }))!)).toBe('Inconclusive');
    expect(verdictInterval(found)).toBe('-3.0% (90% interval -5.0% to +1.0%)');
    expect(verdictInterval(notFound)).toBeNull();
    expect(verdictDetail(notFound)).toBe('enforcing the learned generators changes the held-out task loss by +27%');
    expect(runVerdict(null)).toBeNull();
    expect(runVerdict(undefined)).toBeNull();
    // Recorded before the verdict existed.
    const old = storedSummaryJson();
    delete old.verdict;
    expect(runVerdict(parseSummary(old, 'old'))).toBeNull();
    // A mistyped verdict never reaches the helpers: the store refuses the whole summary, naming the key.
    expect(readSummary({ ...storedSummaryJson(), verdict: { symmetryFound: 'yes', reason: 1 } })).toMatchObject({ ok: false, reason: expect.stringMatching(/^verdict\.symmetryFound: /) });
  });

  it('says why when the summary of a finished run cannot be read, instead of promising a verdict', () => {
    const summaryError = 'summary of run 12 cannot be read: its schemaVersion is 2; this version of SEMoLA reads schemaVersion 1';
    const wrapper = mount(AlgebraPanel, { props: { report, error: null, strengths: null, verdict: null, summaryError } });
    expect(wrapper.find('[data-test=summary-error]').text()).toBe(summaryError);
    expect(wrapper.text()).not.toContain('decided on held-out data when the run ends');
  });

  it('is shown with its reason above the algebra; a match is not claimed when no symmetry was found', () => {
    const yes = mount(AlgebraPanel, { props: { report, error: null, strengths: null, verdict: found } });
    expect(yes.find('[data-test=run-verdict]').attributes('data-found')).toBe('true');
    expect(yes.find('[data-test=run-verdict] strong').text()).toBe('Symmetry found: so(3)');
    expect(yes.find('[data-test=verdict-facts]').text()).toContain('so(3) (similarity 0.987)');
    expect(yes.find('[data-test=run-verdict]').attributes('data-tone')).toBe('found');
    expect(yes.find('[data-test=algebra-verdict]').text()).not.toContain('not claimed');

    const no = mount(AlgebraPanel, { props: { report, error: null, strengths: null, verdict: notFound } });
    expect(no.find('[data-test=run-verdict]').text()).toContain('No symmetry found');
    expect(no.find('[data-test=run-verdict] strong').text()).toBe('No symmetry found');
    expect(no.find('[data-test=verdict-sentence]').text()).toBe('No symmetry found: enforcing the learned generators changes the held-out task loss by +27%.');
    expect(no.find('[data-test=algebra-verdict]').text()).toContain('closest known algebra, not claimed: so(3)');

    const unknown = mount(AlgebraPanel, { props: { report: { ...report, bestMatch: null }, error: null, strengths: null, verdict: notFound } });
    expect(unknown.find('[data-test=algebra-verdict]').text()).toMatch(/^no known algebra/);

    const pending = mount(AlgebraPanel, { props: { report, error: null, strengths: null } });
    expect(pending.find('[data-test=run-verdict]').attributes('data-found')).toBe('pending');
    expect(pending.find('[data-test=verdict-pending]').text()).toMatch(/decided on held-out data when the run ends/);
    // A cancelled run will not end with a verdict, and says so.
    const cancelled = mount(AlgebraPanel, { props: { report, error: null, strengths: null, status: 'canceled' } });
    expect(cancelled.find('[data-test=verdict-pending]').text()).toBe('No verdict: the run was cancelled before it ended.');
  });

  it('lists each bracket [L_i, L_j], i < j, with its structure constants, and the strengths', () => {
    const wrapper = mount(AlgebraPanel, { props: { report, error: null, strengths: [1, 0.25, 0.0031], verdict: null } });
    const rows = wrapper.find('[data-test=structure-constants]').findAll('tbody tr').map((tr) => tr.findAll('td').map((td) => Number(td.text())));
    expect(rows).toEqual([[1, 2, 0, 0, 1], [1, 3, 0, -1, 0], [2, 3, 1, 0, 0]]);
    const one = mount(AlgebraPanel, { props: { report: { ...report, structureConstants: [[[0]]] }, error: null, strengths: null } });
    expect(one.find('[data-test=structure-constants]').exists()).toBe(false);
    expect(one.text()).toContain('One generator: every bracket is zero.');
    expect(wrapper.find('[data-test=strengths]').findAll('li').map((li) => li.text())).toEqual(['L1: 1', 'L2: 0.25', 'L3: 0.0031']);
  });
});

const detail = (over: Partial<RunDetail>): RunDetail => ({
  id: 4, name: 'r', datasetId: 1, datasetName: 'd', method: 'semola', status: 'running', seed: 0, backend: 'wasm', createdAt: '', startedAt: null,
  finishedAt: null, epochsDone: 2, epochs: 10, archived: false, tags: [], note: '', error: null, best: {}, last: {}, settings: {}, symmetryFound: null, symmetry: null, summaryError: null, config: {}, summary: null, ...over,
});

describe('RunProgress', () => {
  it('shows the epoch, elapsed time and ETA of a running run, and offers to cancel it', async () => {
    const wrapper = mount(RunProgress, { props: { detail: detail({}), progress: { runId: 4, epoch: 5, epochs: 10, elapsedSeconds: 30, etaSeconds: 125 } } });
    expect(wrapper.text()).toContain('epoch 5 / 10');
    expect(wrapper.text()).toContain('ETA 2 min 5 s');
    expect(wrapper.find('.progress > div').attributes('style')).toContain('width: 50%');
    await wrapper.find('button').trigger('click');
    expect(wrapper.emitted('cancel')).toHaveLength(1);
  });

  it('shows no ETA and no cancel button once the run is done', () => {
    const wrapper = mount(RunProgress, { props: { detail: detail({ status: 'done', epochsDone: 10 }), progress: null } });
    expect(wrapper.text()).not.toContain('ETA');
    expect(wrapper.find('button').exists()).toBe(false);
  });
});

describe('ExportPanel', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    api.call.mockClear();
  });

  const tex = 'L_{1} = \\begin{pmatrix} 0 & -1 \\\\ 1 & 0 \\end{pmatrix}\n';
  const file = (format: string, text: string | null) => ({ fileName: `basis.${format}`, mediaType: 'application/octet-stream', base64: btoa(text ?? 'bytes'), text });

  it('asks for the basis at the shown epoch in each format; LaTeX comes with a rendered preview and a copy button', async () => {
    api.handlers['export.basis'] = (input) => {
      const { format } = input as { format: string };
      return file(format, format === 'latex' ? tex : format === 'json' ? '{}' : null);
    };
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty((globalThis as unknown as { navigator: object }).navigator, 'clipboard', { value: { writeText }, configurable: true });

    const wrapper = mount(ExportPanel, { props: { runId: 4, epoch: 7 } });
    await wrapper.find('[data-test=export-npy]').trigger('click');
    await flushPromises();
    expect(api.call).toHaveBeenLastCalledWith('export.basis', { runId: 4, format: 'npy', epoch: 7 });
    expect(createObjectURL).toHaveBeenCalledTimes(1);

    await wrapper.find('[data-test=export-latex]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-test=latex-source]').text()).toContain('\\begin{pmatrix}');
    const cells = wrapper.find('[data-test=latex-preview]').findAll('td').map((td) => td.text());
    expect(cells).toEqual(['0', '-1', '1', '0']);
    await wrapper.find('[data-test=copy-latex]').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith(tex);
    expect(wrapper.find('[data-test=copy-state]').text()).toBe('copied to the clipboard');
  });

  it("sends the sliders' t with the LaTeX export (not with the arrays), and follows them while the LaTeX is open", async () => {
    api.handlers['export.basis'] = (input) => file((input as { format: string }).format, tex);
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    const wrapper = mount(ExportPanel, { props: { runId: 4, epoch: 7, groupElement: [1.5] } });
    await wrapper.find('[data-test=export-json]').trigger('click');
    await flushPromises();
    expect(api.call).toHaveBeenLastCalledWith('export.basis', { runId: 4, format: 'json', epoch: 7 });
    await wrapper.find('[data-test=export-latex]').trigger('click');
    await flushPromises();
    expect(api.call).toHaveBeenLastCalledWith('export.basis', { runId: 4, format: 'latex', epoch: 7, groupElement: [1.5] });
    vi.useFakeTimers();
    await wrapper.setProps({ groupElement: [-0.5] });
    vi.advanceTimersByTime(300);
    vi.useRealTimers();
    await flushPromises();
    expect(api.call).toHaveBeenLastCalledWith('export.basis', { runId: 4, format: 'latex', epoch: 7, groupElement: [-0.5] });
  });

  it("shows the service's error", async () => {
    api.handlers['export.basis'] = () => {
      throw new Error('run 4 has no basis at epoch 7');
    };
    const wrapper = mount(ExportPanel, { props: { runId: 4, epoch: 7 } });
    await wrapper.find('[data-test=export-json]').trigger('click');
    await flushPromises();
    expect(wrapper.find('.error').text()).toBe('run 4 has no basis at epoch 7');
  });
});
