import { PROVIDER_IDS } from '../../../../../shared/catalog/types';
import { BUDGET_CURRENCIES } from '../../../../../shared/ipc/settings';
import Field, { fieldControlProps } from '../../../components/field';
import Section from '../../../components/section';
import Segmented from '../../../components/segmented';
import Select from '../../../components/select';
import Toggle from '../../../components/toggle';
import { PROVIDER_LABELS } from '../../../lib/providers';
import { useShell } from '../../shell/store';
import { useSettings } from '../store';
import type { Theme } from '../selectors';
import HistorySection from './history-section';
import ProviderCard from './provider-card';

export default function SettingsPage() {
  const settings = useSettings((state) => state.settings);
  const providers = useSettings((state) => state.providers);
  const demo = useSettings((state) => state.demo);
  const draft = useSettings((state) => state.draft);
  const errors = useSettings((state) => state.errors);
  // The history open now holds the default outputs (a demo/ folder of its own in demo mode).
  const historyDir = useShell((state) => state.info?.historyDir ?? null);
  const { editDraft, commit, save } = useSettings.getState();

  return (
    <div className="page page-narrow" data-testid="page-settings">
      <header className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="muted">Saved as you go.</p>
        </div>
      </header>

      <Section
        title="Providers"
        description={
          demo
            ? 'Demo mode: requests go to the built-in simulator, no key needed.'
            : 'Keys are kept encrypted on this computer; once saved, they are never shown again.'
        }
        testId="settings-providers"
      >
        <div className="stack">
          {providers.map((status) => (
            <ProviderCard key={status.provider} status={status} />
          ))}
        </div>
      </Section>

      <Section title="Runs" description="Defaults for new batches." testId="settings-runs">
        <div className="grid-3">
          {PROVIDER_IDS.map((provider) => {
            const key = `concurrency.${provider}` as const;
            const id = `concurrency-${provider}`;
            return (
              <Field
                key={provider}
                id={id}
                label={`${PROVIDER_LABELS[provider]} concurrency`}
                error={errors[key]}
                hint="Tasks in flight at once. Empty: provider default."
              >
                <input
                  {...fieldControlProps(id, errors[key])}
                  className="input num"
                  inputMode="numeric"
                  placeholder="Default"
                  value={draft.concurrency[provider] ?? ''}
                  data-testid={`settings-${id}`}
                  onChange={(event) =>
                    editDraft({
                      concurrency: { ...draft.concurrency, [provider]: event.target.value },
                    })
                  }
                  onBlur={() => void commit(key)}
                />
              </Field>
            );
          })}
        </div>
        <Field
          id="default-output"
          label="Default output folder"
          error={errors.outputDir}
          hint={`Leave empty to use ${historyDir ? `${historyDir}/outputs` : 'the outputs folder in Genloom’s data folder'}.`}
        >
          <input
            {...fieldControlProps('default-output', errors.outputDir)}
            className="input mono"
            value={draft.outputDir}
            data-testid="settings-output-dir"
            onChange={(event) => editDraft({ outputDir: event.target.value })}
            onBlur={() => void commit('outputDir')}
          />
        </Field>
        <div className="grid-2">
          <Field
            id="default-template"
            label="Default file name template"
            error={errors.template}
            hint="Empty: the engine's default."
          >
            <input
              {...fieldControlProps('default-template', errors.template)}
              className="input mono"
              value={draft.template}
              placeholder="{batch}/{input}-{index}.{ext}"
              data-testid="settings-template"
              onChange={(event) => editDraft({ template: event.target.value })}
              onBlur={() => void commit('template')}
            />
          </Field>
          <Field id="default-collision" label="When a file exists">
            <Select
              id="default-collision"
              value={settings?.collision ?? 'suffix'}
              options={[
                { value: 'suffix', label: 'Keep both (name-1.png)' },
                { value: 'skip', label: 'Skip existing' },
                { value: 'overwrite', label: 'Overwrite' },
              ]}
              onChange={(value) =>
                void save({ collision: value as 'suffix' | 'skip' | 'overwrite' })
              }
            />
          </Field>
        </div>
        <div className="grid-2">
          {BUDGET_CURRENCIES.map((currency) => {
            const key = `defaultBudget.${currency}` as const;
            const id = `default-budget-${currency}`;
            return (
              <Field
                key={currency}
                id={id}
                label={`Default budget cap (${currency === 'USD' ? 'US dollars' : 'credits'})`}
                error={errors[key]}
                hint={`New batches priced in ${currency === 'USD' ? 'US dollars' : 'credits'} start with this cap. Empty: no cap.`}
              >
                <input
                  {...fieldControlProps(id, errors[key])}
                  className="input num"
                  inputMode="decimal"
                  placeholder="No cap"
                  value={draft.defaultBudget[currency] ?? ''}
                  data-testid={`settings-${id}`}
                  onChange={(event) =>
                    editDraft({
                      defaultBudget: { ...draft.defaultBudget, [currency]: event.target.value },
                    })
                  }
                  onBlur={() => void commit(key)}
                />
              </Field>
            );
          })}
        </div>
        <div className="grid-2">
          {BUDGET_CURRENCIES.map((currency) => {
            const key = `confirmSpendAbove.${currency}` as const;
            const id = `confirm-spend-${currency}`;
            const unit = currency === 'USD' ? 'US dollars' : 'credits';
            return (
              <Field
                key={currency}
                id={id}
                label={`Ask before starting a batch that may cost more than (${unit})`}
                error={errors[key]}
                hint={`Start asks first, showing the total, above this. 0: always ask. Empty: ${currency === 'USD' ? '$10' : '1,000 credits'}.`}
              >
                <input
                  {...fieldControlProps(id, errors[key])}
                  className="input num"
                  inputMode="decimal"
                  value={draft.confirmSpendAbove[currency]}
                  data-testid={`settings-${id}`}
                  onChange={(event) =>
                    editDraft({
                      confirmSpendAbove: {
                        ...draft.confirmSpendAbove,
                        [currency]: event.target.value,
                      },
                    })
                  }
                  onBlur={() => void commit(key)}
                />
              </Field>
            );
          })}
        </div>
        <div className="row">
          <Toggle
            checked={settings?.notifications ?? true}
            label="Notify when a batch ends"
            testId="settings-notifications"
            onChange={(notifications) => void save({ notifications })}
          />
          <span>Notify me when a batch ends</span>
        </div>
      </Section>

      <HistorySection />

      <Section title="Appearance" testId="settings-appearance">
        <Field id="theme" label="Theme">
          <Segmented<Theme>
            value={settings?.theme ?? 'system'}
            label="Theme"
            testId="settings-theme"
            options={[
              { value: 'system', label: 'System' },
              { value: 'light', label: 'Light' },
              { value: 'dark', label: 'Dark' },
            ]}
            onChange={(theme) => void save({ theme })}
          />
        </Field>
      </Section>
    </div>
  );
}
