import { CATALOG, modelsOf } from '../../../../../shared/catalog/index';
import { describeModel } from '../../../../../shared/catalog/describe';
import { PROVIDER_IDS } from '../../../../../shared/catalog/types';
import type { ProviderId } from '../../../../../shared/catalog/types';
import Badge from '../../../components/badge';
import Field from '../../../components/field';
import Section from '../../../components/section';
import Segmented from '../../../components/segmented';
import Select from '../../../components/select';
import { PROVIDER_LABELS } from '../../../lib/providers';
import { plainWords } from '../plain-words';
import { inputRulesText, selectEntry } from '../selectors';
import { useBatch } from '../store';

export default function ModelSection() {
  const provider = useBatch((state) => state.provider);
  const model = useBatch((state) => state.model);
  const setModel = useBatch((state) => state.setModel);
  const entry = selectEntry({ provider, model });
  const info = entry ? describeModel(entry) : undefined;

  const chooseProvider = (next: ProviderId) => {
    const firstModel = modelsOf(next)[0];
    if (firstModel !== undefined) setModel(next, firstModel.model);
  };

  return (
    <Section
      title="Model"
      description="Where the work runs and what it costs."
      testId="model-section"
    >
      <div className="grid-2">
        <Field id="provider" label="Provider">
          <Segmented
            value={provider}
            label="Provider"
            testId="provider-picker"
            options={PROVIDER_IDS.filter((id) => CATALOG.some((e) => e.provider === id)).map(
              (id) => ({
                value: id,
                label: PROVIDER_LABELS[id],
              }),
            )}
            onChange={chooseProvider}
          />
        </Field>
        <Field id="model" label="Model">
          <Select
            id="model"
            value={model}
            data-testid="model-picker"
            options={modelsOf(provider).map((candidate) => ({
              value: candidate.model,
              label: `${candidate.title} (${candidate.kind})`,
            }))}
            onChange={(value) => setModel(provider, value)}
          />
        </Field>
      </div>
      {info && (
        <div className="model-card" data-testid="model-card">
          <div className="row">
            <strong>{info.title}</strong>
            <Badge tone={info.kind === 'video' ? 'info' : 'accent'}>{info.kind}</Badge>
            <span className="mono subtle">{info.id}</span>
          </div>
          <p className="muted">{info.summary}</p>
          <p className="row muted">
            <span>Price:</span>
            <span className="num" data-testid="model-price">
              {plainWords(entry, info.price)}
            </span>
          </p>
          {entry?.images && (
            <p className="subtle" data-testid="model-input-rules">
              Inputs: {inputRulesText(entry)}
            </p>
          )}
        </div>
      )}
    </Section>
  );
}
